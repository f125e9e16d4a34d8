using Microsoft.EntityFrameworkCore;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Tasks;

/// <summary>One client of a campaign and where their call stands (the latest call, if they were added again after a removal).</summary>
public sealed record CampaignClient(Guid ClientId, string Name, string? Phone, Guid CallId, TaskState Status);

/// <summary>What a change of a campaign's clients did: calls made, clients skipped (already in it), calls cancelled, done calls kept.</summary>
public sealed record CampaignChange(int Added, int Skipped, int Cancelled, int KeptDone);

public sealed partial class TaskService
{
    /// <summary>The most clients one campaign calls; a bigger selection is refused with the count, to be narrowed.</summary>
    public const int CampaignMaxClients = 5000;

    /// <summary>
    /// A call campaign for every client the client list's filters match (all of them, not one page), resolved in the
    /// database; then as <see cref="CreateCampaignAsync(Guid, Guid?, string, IReadOnlyList{Guid}, IReadOnlyList{Guid}, CancellationToken)"/>.
    /// </summary>
    public async Task<Guid> CreateCampaignAsync(Guid actorId, Guid? templateId, string title, IReadOnlyList<Guid> executorIds,
        ClientQuery filter, CancellationToken ct = default)
    {
        var clientIds = await MatchingClientsAsync(actorId, filter, ct);
        return await CreateCampaignAsync(actorId, templateId, title, executorIds, clientIds, ct);
    }

    /// <summary>Every client the client list's filters match (all of them, not one page), by name; more than a campaign takes is refused with their count.</summary>
    private Task<List<Guid>> MatchingClientsAsync(Guid actorId, ClientQuery filter, CancellationToken ct) =>
        factory.ReadAsync(actorId, Policy.SeeAllTasks, async (db, _) =>
        {
            var matching = await ClientService.FilteredAsync(db, filter, (await settings.GetAsync(ct)).Country, ct);
            var ids = await matching.OrderBy(c => c.SearchKey).ThenBy(c => c.Id).Select(c => c.Id).Take(CampaignMaxClients + 1).ToListAsync(ct);
            if (ids.Count > CampaignMaxClients)
                throw new DomainException("Error.Task.TooManyClients", await matching.CountAsync(ct), CampaignMaxClients);
            return ids;
        }, ct);

    /// <summary>The clients of a saved campaign with their calls' status, by name.</summary>
    public Task<IReadOnlyList<CampaignClient>> CampaignClientsAsync(Guid actorId, Guid campaignId, CancellationToken ct = default) =>
        factory.ReadAsync<IReadOnlyList<CampaignClient>>(actorId, Policy.SeeAllTasks, async (db, _) =>
        {
            await CampaignAsync(db, campaignId, ct);
            var calls = await db.Tasks.AsNoTracking().IgnoreAutoIncludes().Where(t => t.ParentId == campaignId && t.ClientId != null)
                .Join(db.Clients.IgnoreAutoIncludes(), t => t.ClientId, c => c.Id, (t, c) => new { t.Id, t.CreatedAt, t.Status, ClientId = c.Id, c.FullName, c.Phone })
                .ToListAsync(ct);
            return calls.GroupBy(c => c.ClientId).Select(g => g.OrderByDescending(c => c.Status != TaskState.Cancelled).ThenByDescending(c => c.CreatedAt).First())
                .OrderBy(c => c.FullName).Select(c => new CampaignClient(c.ClientId, c.FullName, c.Phone, c.Id, c.Status)).ToList();
        }, ct);

    /// <summary>Adds the clients the client list's filters match to a saved campaign (as <see cref="AddCampaignClientsAsync(Guid, Guid, IReadOnlyList{Guid}, CancellationToken)"/>).</summary>
    public async Task<CampaignChange> AddCampaignClientsAsync(Guid actorId, Guid campaignId, ClientQuery filter, CancellationToken ct = default)
    {
        var clientIds = await MatchingClientsAsync(actorId, filter, ct);
        return await AddCampaignClientsAsync(actorId, campaignId, clientIds, ct);
    }

    /// <summary>
    /// Adds clients to a saved campaign: a call each, made as the campaign's were (its one executor's, or in the pool when it has
    /// several), titled and templated like them. Clients already in it (an open or finished call) are skipped; a client whose call
    /// was cancelled by a removal gets a new one. A finished campaign takes no one.
    /// </summary>
    public Task<CampaignChange> AddCampaignClientsAsync(Guid actorId, Guid campaignId, IReadOnlyList<Guid> clientIds, CancellationToken ct = default) =>
        factory.RunInTransactionAsync<CampaignChange>(actorId, Policy.SeeAllTasks, async (db, actor) =>
        {
            await db.LockAsync([CampaignLock(campaignId)], ct);
            var campaign = await CampaignAsync(db, campaignId, ct);
            if (!campaign.IsOpen) throw new DomainException("Error.Campaign.Finished");
            var wanted = clientIds.Distinct().ToList();
            var clients = await db.Clients.AsNoTracking().Where(c => wanted.Contains(c.Id) && c.MergedIntoId == null)
                .Select(c => new { c.Id, c.FullName, c.Phone }).ToListAsync(ct);
            if (clients.Count == 0) throw new DomainException("Error.Task.NoClients");
            var present = (await db.Tasks.IgnoreAutoIncludes().Where(t => t.ParentId == campaignId && t.Status != TaskState.Cancelled && t.ClientId != null)
                .Select(t => t.ClientId!.Value).ToListAsync(ct)).ToHashSet();
            if (present.Count + clients.Count(c => !present.Contains(c.Id)) > CampaignMaxClients)
                throw new DomainException("Error.Task.TooManyClients", present.Count + clients.Count, CampaignMaxClients);
            var executors = campaign.ExecutorIds;
            var title = campaign.Title;
            var added = 0;
            foreach (var c in clients.Where(c => !present.Contains(c.Id)))
            {
                db.Tasks.Add(new WorkTask(TaskKind.PersonalCall, campaign.TemplateId, $"{title}: {c.FullName}", null, actor.Id, executors.Count == 1 ? executors : [],
                    Now, c.Id, c.Phone, CallDirection.Outgoing, campaign.Id));
                added++;
            }
            await db.SaveChangesAsync(ct);
            return new CampaignChange(added, wanted.Count - added, 0, 0);
        }, ct);

    /// <summary>
    /// Takes clients out of a saved campaign: their calls not yet finished are cancelled (kept in history, gone from the lists and
    /// the pool); calls already done or closed stay as they are — the work was done.
    /// </summary>
    public Task<CampaignChange> RemoveCampaignClientsAsync(Guid actorId, Guid campaignId, IReadOnlyList<Guid> clientIds, CancellationToken ct = default) =>
        factory.RunInTransactionAsync<CampaignChange>(actorId, Policy.SeeAllTasks, async (db, actor) =>
        {
            await db.LockAsync([CampaignLock(campaignId)], ct);
            await CampaignAsync(db, campaignId, ct);
            var ids = clientIds.Distinct().ToList();
            var calls = await db.Tasks.Where(t => t.ParentId == campaignId && t.ClientId != null && ids.Contains(t.ClientId.Value) && t.Status != TaskState.Cancelled)
                .ToListAsync(ct);
            var (cancelled, kept) = (0, 0);
            foreach (var call in calls)
            {
                if (!call.IsOpen) { kept++; continue; }
                call.SetStatus(TaskRole.Author, TaskState.Cancelled, null, actor.Id, Now);
                cancelled++;
            }
            await db.SaveChangesAsync(ct);
            return new CampaignChange(0, 0, cancelled, kept);
        }, ct);

    private static string CampaignLock(Guid campaignId) => $"campaign:{campaignId:N}";

    private static async Task<WorkTask> CampaignAsync(StudioDbContext db, Guid campaignId, CancellationToken ct) =>
        await db.Tasks.SingleOrDefaultAsync(t => t.Id == campaignId && t.Kind == TaskKind.CallCampaign, ct) ?? throw new NotFoundException();
}
