using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Studio.Infrastructure.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DealMoveCountIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_DealMoves_BoardId_At",
                table: "DealMoves");

            migrationBuilder.CreateIndex(
                name: "IX_DealMoves_BoardId_ToStageId_At",
                table: "DealMoves",
                columns: new[] { "BoardId", "ToStageId", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_DealMoves_BoardId_ToStageId_At",
                table: "DealMoves");

            migrationBuilder.CreateIndex(
                name: "IX_DealMoves_BoardId_At",
                table: "DealMoves",
                columns: new[] { "BoardId", "At" });
        }
    }
}
