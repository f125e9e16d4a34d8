using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Clients;
using Studio.Domain.Organisation;
using Studio.Domain.Pipelines;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Pipelines;

namespace Studio.Bench.Harness;

/// <summary>What the benchmarks need to know about the seeded board.</summary>
public sealed record SeededBoard(
    Guid BoardId,
    Guid OwnerId,
    IReadOnlyList<Guid> ColumnStageIds,
    IReadOnlyList<(Guid DealId, Guid StageId)> OpenDeals,
    int ClosedDeals,
    int Moves);

/// <summary>
/// A fresh studio with one busy board: an organisation, a branch, an owner and three managers
/// (rows written through the context; the services need no sign-in account), the board made by
/// <see cref="PipelineService.CreateBoardAsync"/> with eight stages, then clients and deals in
/// bulk through the domain constructors, each deal with its history (<see cref="DealMove"/>s).
/// </summary>
public static class BoardSeeder
{
    private const int Batch = 500;

    private static readonly (string Name, string Colour, int? Limit, bool Trial)[] Stages =
    [
        ("New lead", "#B0BEC5", 2, false), ("Contacted", "#4FC3F7", null, false), ("Qualified", "#90CAF9", null, false),
        ("Trial booked", "#FFCC80", null, true), ("Trial held", "#FFE082", null, false), ("Offer sent", "#CE93D8", 7, false),
        ("Negotiation", "#B39DDB", null, false), ("Contract", "#80CBC4", null, false),
    ];

    private static readonly string[] FirstNames = ["Oksana", "Taras", "Iryna", "Bohdan", "Sofiia", "Maksym", "Anna", "Oleksandr", "Viktoriia", "Nazar"];
    private static readonly string[] LastNames = ["Petrenko", "Ivanenko", "Sydorenko", "Honcharenko", "Lytvynenko", "Moroz", "Savchenko", "Rudenko", "Lysenko"];

    public static async Task<SeededBoard> SeedAsync(IServiceProvider services, int openDeals, int closedDeals, CancellationToken ct)
    {
        var factory = services.GetRequiredService<IDbContextFactory<StudioDbContext>>();
        var pipelines = services.GetRequiredService<PipelineService>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var rnd = new Random(20261122);

        Guid ownerId = Guid.CreateVersion7(), branchId;
        var managers = new[] { Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7() };
        var sources = new List<Guid>();
        var tags = new List<Guid>();
        await using (var db = factory.CreateDbContext())
        {
            db.Organisations.Add(new StudioOrganisation("Bench Studio", "UA", "Europe/Kyiv"));
            var branch = new Branch("Podil", "Sahaidachnoho St 25, Kyiv", "Europe/Kyiv");
            db.Branches.Add(branch);
            branchId = branch.Id;
            db.Employees.Add(new Employee(ownerId, "Olena Kovalenko", "owner@bench.local", EmployeeRole.Owner, [branchId]));
            for (var i = 0; i < managers.Length; i++)
                db.Employees.Add(new Employee(managers[i], $"Manager {i + 1} Bench", $"manager{i + 1}@bench.local", EmployeeRole.Manager, [branchId]));
            foreach (var name in new[] { "Site", "Instagram", "Facebook", "Referral" })
            {
                var s = new LeadSource(name);
                db.LeadSources.Add(s);
                sources.Add(s.Id);
            }
            foreach (var (name, colour) in new[] { ("Kids", "#29B6F6"), ("Adults", "#7E57C2"), ("VIP", "#FFB300"), ("Discount", "#66BB6A") })
            {
                var t = new Tag(name, colour);
                db.Tags.Add(t);
                tags.Add(t.Id);
            }
            await db.SaveChangesAsync(ct);
        }

        var boardId = await pipelines.CreateBoardAsync(ownerId, "Bench sales",
            Stages.Select(s => new StageInput(null, s.Name, s.Colour, s.Limit, s.Trial)).ToList(),
            ["Too expensive", "Schedule", "Chose others", "No answer"], managers, ct: ct);

        Board board;
        await using (var db = factory.CreateDbContext())
            board = await db.Boards.AsNoTracking().AsSplitQuery().SingleAsync(b => b.Id == boardId, ct);
        var columns = board.OrderedStages.Where(s => s.Kind is StageKind.Start or StageKind.Open).ToList();
        var reasons = board.LossReasons.Select(r => r.Id).ToList();

        var open = new List<(Guid, Guid)>(openDeals);
        var moves = 0;
        var total = openDeals + closedDeals;
        for (var first = 0; first < total; first += Batch)
        {
            await using var db = factory.CreateDbContext();
            for (var i = first; i < Math.Min(first + Batch, total); i++)
            {
                var isOpen = i < openDeals;
                var responsible = managers[i % managers.Length];
                var created = now.AddDays(-rnd.Next(10, 300)).AddMinutes(-rnd.Next(0, 1440));
                var client = new Client($"{LastNames[rnd.Next(LastNames.Length)]} {FirstNames[rnd.Next(FirstNames.Length)]} {i + 1}",
                    $"+38050{rnd.Next(1_000_000, 9_999_999)}", i % 3 == 0 ? $"client{i + 1}@mail.bench" : null,
                    branchId, sources[i % sources.Count], responsible, created);
                db.Clients.Add(client);
                var deal = new Deal(board, client.Id, branchId, responsible, client.SourceId, rnd.Next(0, 40) * 250m,
                    i % 4 == 0 ? $"Course {i % 12 + 1}" : null, responsible, created);
                moves++;

                // Walk the card through the columns up to its place (at most 9 steps of < 1 day).
                var column = isOpen ? i % columns.Count : rnd.Next(1, columns.Count);
                var at = created;
                for (var c = 1; c <= column; c++)
                {
                    at = at.AddHours(rnd.Next(1, 24));
                    deal.MoveTo(board, columns[c].Id, null, responsible, at);
                    moves++;
                }
                if (!isOpen)
                {
                    at = at.AddHours(rnd.Next(1, 24));
                    var won = i % 2 == 0;
                    deal.MoveTo(board, won ? board.Won.Id : board.Lost.Id, won ? null : reasons[i % reasons.Count], responsible, at);
                    moves++;
                }
                else
                {
                    if (i % 4 == 1) deal.SetCallback(now.AddHours(rnd.Next(-48, 72)));
                    if (i % 3 == 0)
                        deal.Update(deal.Amount, deal.Title, deal.ResponsibleId, deal.SourceId, deal.BranchId, [tags[i % tags.Count]],
                            new Dictionary<string, string>());
                    open.Add((deal.Id, deal.StageId));
                }
                db.Deals.Add(deal);
            }
            await db.SaveChangesAsync(ct);
        }
        return new SeededBoard(boardId, ownerId, columns.Select(c => c.Id).ToList(), open, closedDeals, moves);
    }
}
