using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Studio.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ClientSearchKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SearchKey",
                table: "Clients",
                type: "TEXT",
                maxLength: 417,
                nullable: false,
                defaultValue: "");

            // Existing clients get their search key (SQLite lower-cases ASCII only; the next save of a card completes it).
            migrationBuilder.Sql("UPDATE \"Clients\" SET \"SearchKey\" = lower(trim(\"FullName\" || ' ' || coalesce(\"Email\", '')));");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SearchKey",
                table: "Clients");
        }
    }
}
