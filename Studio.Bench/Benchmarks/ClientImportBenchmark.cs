using System.Diagnostics;
using System.Text;
using Studio.Bench.Harness;
using Studio.Infrastructure.Clients;

namespace Studio.Bench.Benchmarks;

/// <summary>Import of a 10,000-row CSV: reading, the preview (duplicate checks) and the import itself, as rows per second.</summary>
public sealed class ClientImportBenchmark : IBenchmark
{
    public const int Rows = 10_000;

    public string Name => "Client import";
    public BenchScope Scope => BenchScope.EachDatabase;

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchTarget target, BenchOptions options, CancellationToken ct)
    {
        var csv = new StringBuilder("ПІБ;Телефон;E-mail;Місто\n");
        for (var i = 0; i < Rows; i++) csv.Append($"Імпорт Клієнт {i};+38093{2_000_000 + i};{(i % 3 == 0 ? $"imp{i}@mail.test" : "")};Київ\n");
        var bytes = Encoding.UTF8.GetBytes(csv.ToString());
        var import = target.Get<ClientImport>();
        var owner = target.Board.OwnerId;

        var t0 = Stopwatch.GetTimestamp();
        var table = ClientImport.Read(new MemoryStream(bytes), "clients.csv");
        var t1 = Stopwatch.GetTimestamp();
        var mapping = ClientImport.GuessMapping(table.Header);
        var preview = await import.PreviewAsync(owner, table, mapping, ct);
        var t2 = Stopwatch.GetTimestamp();
        var result = await import.ImportAsync(owner, table, mapping, null, ct);
        var t3 = Stopwatch.GetTimestamp();
        var rerun = await import.ImportAsync(owner, table, mapping, null, ct);
        var t4 = Stopwatch.GetTimestamp();

        return
        [
            new("read CSV", Clock.Ms(t0, t1), "ms", $"{bytes.Length / 1024.0:N0} KB, {table.Rows.Count:N0} rows"),
            new("preview (normalise, check duplicates)", Clock.Ms(t1, t2), "ms", $"{preview.New:N0} new"),
            new("import", Clock.Ms(t2, t3), "ms", $"{result.Created:N0} created"),
            new("import rows per second", result.Created / (Clock.Ms(t2, t3) / 1000), "rows/s"),
            new("same file again", Clock.Ms(t3, t4), "ms", $"{rerun.Created} created (must be 0)"),
        ];
    }
}
