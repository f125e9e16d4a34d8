#!/usr/bin/env bash
# Adds the same-named migration for SQLite, PostgreSQL and SQL Server at once.
# Usage: scripts/add-migration.sh NameOfMigration
set -euo pipefail
name=${1:?usage: scripts/add-migration.sh MigrationName}
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
for p in Sqlite Postgres SqlServer; do
  dotnet ef migrations add "$name" \
    --project Studio.Infrastructure --startup-project Studio.Infrastructure \
    --context "${p}StudioDbContext" \
    --output-dir "Persistence/Migrations/$p"
done
