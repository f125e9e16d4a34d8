using Microsoft.EntityFrameworkCore;
using Studio.Domain.Common;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Organisation;

/// <summary>A branch's time zone: its lessons, absences and "today" are in it.</summary>
internal static class BranchZones
{
    public static async Task<TimeZoneInfo> ZoneAsync(StudioDbContext db, Guid branchId, CancellationToken ct)
    {
        var tz = await db.Branches.AsNoTracking().Where(b => b.Id == branchId).Select(b => b.TimeZoneId).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException();
        return Zones.Find(tz);
    }
}
