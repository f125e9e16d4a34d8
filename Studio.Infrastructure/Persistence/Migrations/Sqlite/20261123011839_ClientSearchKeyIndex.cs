using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Studio.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ClientSearchKeyIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Clients_IsArchived_SearchKey",
                table: "Clients");

            migrationBuilder.CreateIndex(
                name: "IX_Clients_SearchKey",
                table: "Clients",
                column: "SearchKey");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Clients_SearchKey",
                table: "Clients");

            migrationBuilder.CreateIndex(
                name: "IX_Clients_IsArchived_SearchKey",
                table: "Clients",
                columns: new[] { "IsArchived", "SearchKey" });
        }
    }
}
