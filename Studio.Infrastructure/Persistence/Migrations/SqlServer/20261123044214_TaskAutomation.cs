using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Studio.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class TaskAutomation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "AutoTaskDueHours",
                table: "Stages",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "AutoTaskTemplateId",
                table: "Stages",
                type: "uniqueidentifier",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "EndingCallAt",
                table: "Passes",
                type: "datetime2",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PassEndingDays",
                table: "Organisations",
                type: "int",
                nullable: false,
                defaultValue: 3);

            migrationBuilder.CreateIndex(
                name: "IX_Stages_AutoTaskTemplateId",
                table: "Stages",
                column: "AutoTaskTemplateId");

            migrationBuilder.AddForeignKey(
                name: "FK_Stages_TaskTemplates_AutoTaskTemplateId",
                table: "Stages",
                column: "AutoTaskTemplateId",
                principalTable: "TaskTemplates",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Stages_TaskTemplates_AutoTaskTemplateId",
                table: "Stages");

            migrationBuilder.DropIndex(
                name: "IX_Stages_AutoTaskTemplateId",
                table: "Stages");

            migrationBuilder.DropColumn(
                name: "AutoTaskDueHours",
                table: "Stages");

            migrationBuilder.DropColumn(
                name: "AutoTaskTemplateId",
                table: "Stages");

            migrationBuilder.DropColumn(
                name: "EndingCallAt",
                table: "Passes");

            migrationBuilder.DropColumn(
                name: "PassEndingDays",
                table: "Organisations");
        }
    }
}
