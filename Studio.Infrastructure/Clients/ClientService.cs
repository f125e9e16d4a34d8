using Microsoft.EntityFrameworkCore;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Clients;

public sealed record ClientHit(Guid Id, string FullName, string? Phone, string? Email);

/// <summary>Clients as far as deals need them: search and duplicate checks.</summary>
public sealed class ClientService(IDbContextFactory<StudioDbContext> factory)
{
    /// <summary>By name (contains), phone (any format) or email.</summary>
    public async Task<IReadOnlyList<ClientHit>> SearchAsync(Guid actorId, string? text, int take = 20, CancellationToken ct = default)
    {
        await using var db = factory.CreateDbContext();
        var actor = await db.ActorAsync(actorId, ct);
        if (actor.Role == Domain.Organisation.EmployeeRole.Teacher) throw new AccessDeniedException();
        var q = db.Clients.AsNoTracking().Where(c => !c.IsArchived);
        var t = text?.Trim() ?? "";
        if (t.Length > 0)
        {
            var country = await db.Organisations.OrderBy(o => o.Id).Select(o => o.Country).FirstOrDefaultAsync(ct) ?? "UA";
            var phone = Phones.TryNormalise(t, country);
            var lower = t.ToLower();
            q = phone is not null
                ? q.Where(c => c.Phone == phone)
                : q.Where(c => c.FullName.ToLower().Contains(lower) || (c.Email != null && c.Email.Contains(lower)));
        }
        return await q.OrderBy(c => c.FullName).Take(Math.Clamp(take, 1, 100))
            .Select(c => new ClientHit(c.Id, c.FullName, c.Phone, c.Email)).ToListAsync(ct);
    }

    /// <summary>Clients a new one would duplicate: the same phone (normalised) or e-mail.</summary>
    public async Task<IReadOnlyList<ClientHit>> FindDuplicatesAsync(string? phone, string? email, CancellationToken ct = default)
    {
        await using var db = factory.CreateDbContext();
        var country = await db.Organisations.OrderBy(o => o.Id).Select(o => o.Country).FirstOrDefaultAsync(ct) ?? "UA";
        var p = Phones.TryNormalise(phone, country);
        var e = string.IsNullOrWhiteSpace(email) ? null : email.Trim().ToLowerInvariant();
        if (p is null && e is null) return [];
        return await db.Clients.AsNoTracking()
            .Where(c => (p != null && c.Phone == p) || (e != null && c.Email == e))
            .OrderBy(c => c.FullName).Take(5).Select(c => new ClientHit(c.Id, c.FullName, c.Phone, c.Email)).ToListAsync(ct);
    }
}
