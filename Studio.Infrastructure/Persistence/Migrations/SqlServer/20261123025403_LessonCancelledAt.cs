using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Studio.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class LessonCancelledAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "CancelledAt",
                table: "Lessons",
                type: "datetime2",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CancelledAt",
                table: "Lessons");
        }
    }
}
