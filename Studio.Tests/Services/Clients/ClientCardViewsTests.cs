using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Clients;
using Studio.Domain.Organisation;
using Studio.Domain.Pipelines;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Pipelines;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Clients;

/// <summary>The node's live read model of client cards (issue 14): tabs showing one client to one person cost one read per change.</summary>
public sealed class ClientCardViewsTests(Databases databases)
{
    private const int Watchers = 10;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, DatabaseData]
    public async Task WatchCard_TenTabsAndOneNote_OneReadOnTheNode_UnchangedPartsKeepTheirInstances(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var client = await studio.AddClientAsync(manager, "Анна Коваль");
        var clients = studio.Services.GetRequiredService<ClientService>();
        await clients.AddNoteAsync(manager, client, "The first note", Ct);
        var views = studio.Services.GetRequiredService<ClientCardViews>();
        var seen = Enumerable.Range(0, Watchers).Select(_ => new TaskCompletionSource<ClientCardSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var watches = await Task.WhenAll(Enumerable.Range(0, Watchers).Select(i => views.WatchCardAsync(manager, client, s =>
        {
            if (s.Timeline.Any(e => e.Text == "Call back on Monday")) seen[i].TrySetResult(s);
            return Task.CompletedTask;
        }, Ct)));
        try
        {
            Assert.Equal(1, views.Loads); // ten tabs opened it: one read
            var before = watches[0].Current!;
            var loads = views.Loads;

            await clients.AddNoteAsync(manager, client, "Call back on Monday", Ct);

            var shown = await Task.WhenAll(seen.Select(s => s.Task)).WaitAsync(Patience, Ct);
            await Task.Delay(300, Ct);
            Assert.Equal(1, views.Loads - loads);
            Assert.Single(shown.Distinct(ReferenceEqualityComparer.Instance));
            Assert.Same(before.Card, shown[0].Card); // a note changes no field of the card
            Assert.Same(before.Timeline.Single(e => e.Text == "The first note"), shown[0].Timeline.Single(e => e.Text == "The first note"));
        }
        finally
        {
            foreach (var w in watches) w.Dispose();
        }
    }

    [Theory, DatabaseData]
    public async Task WatchCard_ATeacher_IsRefused(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var client = await studio.AddClientAsync(manager);
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            studio.Services.GetRequiredService<ClientCardViews>().WatchCardAsync(teacher, client, _ => Task.CompletedTask, Ct));
    }

    /// <summary>What the real publisher sends on the client's topic, heard on the real bus.</summary>
    private sealed class Heard : IDisposable
    {
        private readonly ConcurrentQueue<LiveMessage> _messages = new();
        private readonly IDisposable _subscription;

        public Heard(ILiveBus bus, Guid clientId) =>
            _subscription = bus.Subscribe(LiveTopics.Client(clientId), m => { _messages.Enqueue(m); return Task.CompletedTask; });

        /// <summary>The messages of one change (or a burst): waits for <paramref name="count"/> of <paramref name="kind"/>, then lets their siblings arrive.</summary>
        public async Task<List<LiveMessage>> TakeAsync(string kind, int count = 1)
        {
            await Eventually.TrueAsync(() => _messages.Count(m => m.Kind == kind) >= count, $"A {kind} message", Patience);
            await Task.Delay(150, Ct);
            var taken = new List<LiveMessage>();
            while (_messages.TryDequeue(out var m)) taken.Add(m);
            return taken;
        }

        public void Dispose() => _subscription.Dispose();
    }

    [Theory, DatabaseData]
    public async Task Patch_AfterEachKindOfChange_EqualsAFreshLoad_AndReadsOnlyWhatChanged(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var colleague = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var board = await studio.AddBoardAsync(owner, manager, colleague);
        var client = await studio.AddClientAsync(manager, "Анна Коваль");
        var clients = studio.Services.GetRequiredService<ClientService>();
        await studio.Pipelines.CreateDealAsync(manager, new NewDeal(board.Id, client, null, null, null, null, null, null, 500m, null), Ct);
        studio.Clock.Advance(TimeSpan.FromMinutes(1));
        await clients.AddNoteAsync(manager, client, "The first note", Ct);
        var trial = await studio.Services.GetRequiredService<DictionaryService>().CreateStatusAsync(owner, "Trial", true, "#90A4AE", Ct);
        var views = studio.Services.GetRequiredService<ClientCardViews>();
        var counter = studio.Services.GetRequiredService<CommandCounter>();
        using var heard = new Heard(studio.Services.GetRequiredService<ILiveBus>(), client);
        var key = new ClientCardKey(client, manager);
        long sequence = 0;

        async Task<ClientCardSnapshot> FreshAsync() =>
            new(++sequence, await clients.GetCardAsync(manager, client, Ct), await clients.GetTimelineAsync(manager, client, Ct));

        var current = await FreshAsync();
        var whole = $"whole {Guid.NewGuid():N}";
        using (CommandCounter.ReadModel(whole)) await FreshAsync();
        var wholeCommands = counter.ByReadModel[whole];

        async Task EditAsync(Func<ClientInput, ClientInput> change)
        {
            var c = await clients.GetCardAsync(colleague, client, Ct);
            await clients.UpdateAsync(colleague, client, c.Version, change(new ClientInput(c.FullName, c.Phones, c.Email, c.BirthDate, c.City, c.BranchId,
                c.SourceId, c.ResponsibleId, c.TagIds, c.Channels, c.Notes, c.CustomFields.ToDictionary(kv => kv.Key, kv => (string?)kv.Value))), true, Ct);
        }

        // The patch from the messages the change really published; null when the read model says: read it whole.
        async Task<(ClientCardSnapshot? Patched, long Commands)> PatchAsync(List<LiveMessage> messages)
        {
            var name = $"patch {Guid.NewGuid():N}";
            ClientCardSnapshot? patched;
            using (CommandCounter.ReadModel(name)) patched = await views.PatchAsync(key, current, messages, ++sequence, Ct);
            return (patched, counter.ByReadModel.GetValueOrDefault(name));
        }

        async Task Check(string what, List<LiveMessage> messages, ClientCardParts expected)
        {
            Assert.Equal(expected, ClientCardViews.PartsMovedBy(client, messages));
            var (patched, commands) = await PatchAsync(messages);
            var fresh = await FreshAsync();
            try
            {
                Assert.NotNull(patched);
                Assert.Equal(JsonSerializer.Serialize(fresh.Card), JsonSerializer.Serialize(patched.Card));
                Assert.Equal(fresh.Timeline, patched.Timeline);
                Assert.True(commands < wholeCommands, $"{commands} commands, a whole read takes {wholeCommands}");
                if (expected == ClientCardParts.Notes) Assert.True(commands <= 3, $"a note read {commands} commands"); // the person, the line
            }
            catch (Exception e) { throw new Xunit.Sdk.XunitException($"After {what}: {e.Message}"); }
            var reused = patched.Reuse(current);
            if (!expected.HasFlag(ClientCardParts.Profile)) Assert.Same(current.Card, reused.Card);
            if (!expected.HasFlag(ClientCardParts.Notes)) Assert.Same(current.Timeline, reused.Timeline);
            current = reused;
        }

        studio.Clock.Advance(TimeSpan.FromMinutes(1));
        await EditAsync(i => i with { FullName = "Анна Коваль-Бондар" });
        await Check("a rename", await heard.TakeAsync(nameof(ClientUpdated)), ClientCardParts.Profile);

        await EditAsync(i => i with { Phones = ["+380509998877", "+380671112233"], City = "Львів" });
        await Check("phones and city", await heard.TakeAsync(nameof(ClientUpdated)), ClientCardParts.Profile);

        studio.Clock.Advance(TimeSpan.FromMinutes(1));
        await clients.AddNoteAsync(colleague, client, "Call back on Monday", Ct);
        await Check("a note", await heard.TakeAsync(nameof(ClientNoteAdded)), ClientCardParts.Notes);

        studio.Clock.Advance(TimeSpan.FromMinutes(1));
        await clients.AddNoteAsync(manager, client, "Asked for the evening group", Ct);
        studio.Clock.Advance(TimeSpan.FromMinutes(1));
        await clients.AddNoteAsync(colleague, client, "Paid by card", Ct);
        await EditAsync(i => i with { Email = "anna@example.com" });
        await Check("two notes and an edit in one burst", await heard.TakeAsync(nameof(ClientNoteAdded), 2), ClientCardParts.Notes | ClientCardParts.Profile);

        await clients.ArchiveAsync(colleague, client, true, Ct);
        await Check("an archive", await heard.TakeAsync(nameof(ClientArchived)), ClientCardParts.Profile);

        // Unsure: a note at the instant of another (the database orders them) and a status change (a timeline line) read it whole.
        await clients.AddNoteAsync(colleague, client, "The same minute", Ct);
        var same = await heard.TakeAsync(nameof(ClientNoteAdded));
        Assert.Equal(ClientCardParts.Notes, ClientCardViews.PartsMovedBy(client, same));
        Assert.Null((await PatchAsync(same)).Patched);
        current = (await FreshAsync()).Reuse(current);

        studio.Clock.Advance(TimeSpan.FromMinutes(1));
        await clients.ChangeStatusAsync(colleague, client, trial, Ct);
        var status = await heard.TakeAsync(nameof(ClientStatusChanged));
        Assert.Null(ClientCardViews.PartsMovedBy(client, status));
        Assert.Null((await PatchAsync(status)).Patched);
    }

    [Theory, DatabaseData]
    public async Task WatchCard_ARenameAndANote_EveryTabSeesWhatAWholeReadWouldShow(DatabaseProvider provider)
    {
        await using var studio = await databases.StartAsync(provider);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var client = await studio.AddClientAsync(manager, "Анна Коваль");
        var clients = studio.Services.GetRequiredService<ClientService>();
        var views = studio.Services.GetRequiredService<ClientCardViews>();
        var seen = new TaskCompletionSource<ClientCardSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watch = await views.WatchCardAsync(manager, client, s =>
        {
            if (s.Card.FullName == "Анна Нова" && s.Timeline.Any(e => e.Text == "Renamed")) seen.TrySetResult(s);
            return Task.CompletedTask;
        }, Ct);
        var c = await clients.GetCardAsync(manager, client, Ct);
        await clients.UpdateAsync(manager, client, c.Version, new ClientInput("Анна Нова", c.Phones, c.Email, c.BirthDate, c.City, c.BranchId, c.SourceId,
            c.ResponsibleId, c.TagIds, c.Channels, c.Notes, new Dictionary<Guid, string?>()), true, Ct);
        studio.Clock.Advance(TimeSpan.FromMinutes(1));
        await clients.AddNoteAsync(manager, client, "Renamed", Ct);

        var shown = await seen.Task.WaitAsync(Patience, Ct);
        Assert.Equal(JsonSerializer.Serialize(await clients.GetCardAsync(manager, client, Ct)), JsonSerializer.Serialize(shown.Card));
        Assert.Equal(await clients.GetTimelineAsync(manager, client, Ct), shown.Timeline);
    }
}
