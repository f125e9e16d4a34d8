using Microsoft.EntityFrameworkCore;
using Studio.Domain.Clients;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Clients;

/// <summary>A client whose birthday the week keeps: on <paramref name="Day"/>, turning <paramref name="Turns"/>.</summary>
public sealed record BirthdayRow(Guid ClientId, string FullName, string? Phone, Guid BranchId, DateOnly BirthDate, DateOnly Day, int Turns)
{
    public bool IsChild => Turns < Birthdays.AdultAge;
}

/// <summary>This week's birthdays: the studio's today, the week's first and last days, and the clients by day then name.</summary>
public sealed record BirthdayWeek(DateOnly Today, DateOnly From, DateOnly To, IReadOnlyList<BirthdayRow> Rows);

/// <summary>
/// Birthdays this week (issue 17.16): clients (children among them, by their birth date) who are not archived, whose
/// birthday falls in the week holding the studio's today (<see cref="Birthdays"/>). Who may see clients may see them.
/// </summary>
public sealed class BirthdayService(IDbContextFactory<StudioDbContext> factory, TimeProvider clock, OrganisationSettingsSource settings)
{
    public Task<BirthdayWeek> ThisWeekAsync(Guid actorId, Guid? branchId = null, CancellationToken ct = default) =>
        factory.ReadAsync<BirthdayWeek>(actorId, Policy.SeeClients, async (db, _) =>
        {
            var org = await settings.GetAsync(ct);
            var today = org.Today(clock.GetUtcNow().UtcDateTime);
            var (from, to) = Birthdays.WeekOf(today, org.Culture.DateTimeFormat.FirstDayOfWeek);
            var q = Query(db, from, to);
            if (branchId is { } b) q = q.Where(c => c.BranchId == b);
            var found = await q.Select(c => new { c.Id, c.FullName, c.Phone, c.BranchId, BirthDate = c.BirthDate!.Value }).ToListAsync(ct);
            var rows = found.Select(c => (c, Day: Birthdays.Within(c.BirthDate, from, to)))
                .Where(x => x.Day is not null)
                .Select(x => new BirthdayRow(x.c.Id, x.c.FullName, x.c.Phone, x.c.BranchId, x.c.BirthDate, x.Day!.Value, Birthdays.Turns(x.c.BirthDate, x.Day.Value)))
                .OrderBy(r => r.Day).ThenBy(r => r.FullName, StringComparer.Create(org.Culture, true)).ToList();
            return new BirthdayWeek(today, from, to, rows);
        }, ct);

    /// <summary>The clients (not archived, not merged, born before the week) whose birthday the days keep, as the database finds them.</summary>
    internal static IQueryable<Client> Query(StudioDbContext db, DateOnly from, DateOnly to)
    {
        var keys = Birthdays.Keys(from, to).ToList();
        return db.Clients.AsNoTracking().IgnoreAutoIncludes()
            .Where(c => !c.IsArchived && c.MergedIntoId == null && c.BirthDate != null && c.BirthDate < from
                        && keys.Contains(c.BirthDate.Value.Month * 100 + c.BirthDate.Value.Day));
    }
}
