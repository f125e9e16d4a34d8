using Microsoft.EntityFrameworkCore;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Tasks;

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
        var clientIds = await factory.ReadAsync(actorId, Policy.SeeAllTasks, async (db, _) =>
        {
            var matching = await ClientService.FilteredAsync(db, filter, (await settings.GetAsync(ct)).Country, ct);
            var ids = await matching.OrderBy(c => c.SearchKey).ThenBy(c => c.Id).Select(c => c.Id).Take(CampaignMaxClients + 1).ToListAsync(ct);
            if (ids.Count > CampaignMaxClients)
                throw new DomainException("Error.Task.TooManyClients", await matching.CountAsync(ct), CampaignMaxClients);
            return ids;
        }, ct);
        return await CreateCampaignAsync(actorId, templateId, title, executorIds, clientIds, ct);
    }
}
