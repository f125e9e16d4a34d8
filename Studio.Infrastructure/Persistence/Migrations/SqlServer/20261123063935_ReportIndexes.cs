using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Studio.Infrastructure.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ReportIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Tasks_Status_Deadline",
                table: "Tasks",
                columns: new[] { "Status", "Deadline" });

            migrationBuilder.CreateIndex(
                name: "IX_TaskChanges_To_At",
                table: "TaskChanges",
                columns: new[] { "To", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_DealMoves_BoardId_At",
                table: "DealMoves",
                columns: new[] { "BoardId", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Tasks_Status_Deadline",
                table: "Tasks");

            migrationBuilder.DropIndex(
                name: "IX_TaskChanges_To_At",
                table: "TaskChanges");

            migrationBuilder.DropIndex(
                name: "IX_DealMoves_BoardId_At",
                table: "DealMoves");
        }
    }
}
