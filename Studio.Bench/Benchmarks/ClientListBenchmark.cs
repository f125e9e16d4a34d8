using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Studio.Bench.Harness;
using Studio.Domain.Clients;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Persistence;

namespace Studio.Bench.Benchmarks;

/// <summary>
/// The client list at 50,000 clients: the first page as a manager opens it, a deep page, a
/// search by name fragment, by phone in another format, and a filter with another sort — each
/// one <see cref="ClientService.ListAsync"/> call (count + page) against the database.
/// </summary>
public sealed class ClientListBenchmark : IBenchmark
{
    public const int Clients = 50_000;
    private static readonly string[] First = ["Оксана", "Тарас", "Ірина", "Богдан", "Софія", "Максим", "Анна", "Олександр", "Вікторія", "Назар"];
    private static readonly string[] Last = ["Петренко", "Іваненко", "Сидоренко", "Гончаренко", "Литвиненко", "Мороз", "Савченко", "Руденко", "Лисенко", "Марченко"];

    public string Name => "Client list";
    public BenchScope Scope => BenchScope.EachDatabase;

    public async Task<IReadOnlyList<Figure>> RunAsync(BenchTarget target, BenchOptions options, CancellationToken ct)
    {
        var factory = target.Get<Microsoft.EntityFrameworkCore.IDbContextFactory<StudioDbContext>>();
        var (seeded, seedMs, source) = await SeedAsync(factory, ct);
        var svc = target.Get<ClientService>();
        var owner = target.Board.OwnerId;
        var runs = Math.Max(5, options.Loads);

        async Task<(Stats Stats, int Total)> Measure(ClientQuery q)
        {
            var times = new List<double>();
            var total = 0;
            for (var i = 0; i <= runs; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                var page = await svc.ListAsync(owner, q, ct);
                var ms = Clock.Ms(t0, Stopwatch.GetTimestamp());
                total = page.Total;
                if (i > 0) times.Add(ms); // the first run compiles the query
            }
            return (new Stats(times), total);
        }

        var figures = new List<Figure> { new("clients in the database", seeded, "clients", $"seeded in {seedMs / 1000:F1} s") };
        foreach (var (label, query) in new (string, ClientQuery)[]
                 {
                     ("first page (25, by name)", new ClientQuery()),
                     ("page 1,000 (25, by name)", new ClientQuery(Page: 999)),
                     ("search name fragment \"енко окс\"", new ClientQuery(Search: "енко окс")),
                     ("search phone \"067 101 23 45\"", new ClientQuery(Search: "067 101 23 45")),
                     ("filter source, newest first", new ClientQuery(SourceId: source, Sort: ClientSort.Created, Descending: true)),
                 })
        {
            var (stats, total) = await Measure(query);
            figures.Add(new($"{label}: median", stats.Median, "ms", $"{total:N0} matching"));
            figures.Add(new($"{label}: p95", stats.Percentile(95), "ms"));
        }
        return figures;
    }

    /// <summary>Tops the database up to 50,000 clients with Ukrainian names, phones and sources, in batches.</summary>
    internal static async Task<(int Count, double Ms, Guid Source)> SeedAsync(IDbContextFactory<StudioDbContext> factory, CancellationToken ct)
    {
        var t0 = Stopwatch.GetTimestamp();
        Guid branch, source;
        int existing;
        await using (var db = factory.CreateDbContext())
        {
            branch = await db.Branches.OrderBy(b => b.Name).Select(b => b.Id).FirstAsync(ct);
            source = await db.LeadSources.OrderBy(s => s.Name).Select(s => s.Id).FirstAsync(ct);
            existing = await db.Clients.CountAsync(ct);
        }
        var sources = new List<Guid>();
        await using (var db = factory.CreateDbContext()) sources = await db.LeadSources.Select(s => s.Id).ToListAsync(ct);
        var created = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var start = existing; start < Clients; start += 2_500)
        {
            await using var db = factory.CreateDbContext();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = start; i < Math.Min(Clients, start + 2_500); i++)
            {
                var name = $"{Last[i % Last.Length]} {First[i / Last.Length % First.Length]} {i}";
                db.Clients.Add(new Client(name, $"+38067{1_000_000 + i}", i % 4 == 0 ? $"c{i}@mail.test" : null, branch,
                    sources[i % sources.Count], null, created.AddMinutes(i)));
            }
            await db.SaveChangesAsync(ct);
        }
        await using (var db = factory.CreateDbContext())
            return (await db.Clients.CountAsync(ct), Clock.Ms(t0, Stopwatch.GetTimestamp()), source);
    }
}
