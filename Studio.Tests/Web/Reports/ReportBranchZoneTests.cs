using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Studio.Infrastructure.Organisation;
using Studio.Web.Reports;

namespace Studio.Tests.Web.Reports;

/// <summary>
/// A report for one branch counts that branch's days: "this month so far" and a day picked in the address start and end at the branch's
/// midnight, not the organisation's (a studio in Kyiv with a branch in New York, the clock near midnight).
/// </summary>
public sealed class ReportBranchZoneTests
{
    private static readonly Guid NewYork = Guid.NewGuid();
    private static readonly OrganisationSettings Org = OrganisationSettings.For("UA", "Europe/Kyiv", new Dictionary<Guid, string> { [NewYork] = "America/New_York" });

    private static IQueryCollection Query(params (string Key, string Value)[] items) =>
        new QueryCollection(items.ToDictionary(i => i.Key, i => new StringValues(i.Value)));

    [Fact]
    public void Period_ForABranch_NoDays_IsTheBranchsMonthSoFar_ToItsMidnight()
    {
        // 30 Nov 23:30 in New York is already 1 Dec (06:30) in Kyiv: the branch's "today" is still the 30th, its month November.
        var now = new DateTime(2026, 12, 1, 4, 30, 0, DateTimeKind.Utc);

        var period = ReportQuery.Period(Query(), now, Org, NewYork);

        Assert.Equal(new DateTime(2026, 11, 1, 4, 0, 0, DateTimeKind.Utc), period.From);   // 1 Nov 00:00 in New York (EDT)
        Assert.Equal(new DateTime(2026, 12, 1, 5, 0, 0, DateTimeKind.Utc), period.To);     // 1 Dec 00:00 in New York (EST)
        // All branches: the organisation's days, as before.
        var all = ReportQuery.Period(Query(), now, Org);
        Assert.Equal(new DateTime(2026, 11, 30, 22, 0, 0, DateTimeKind.Utc), all.From);    // 1 Dec 00:00 in Kyiv
    }

    [Fact]
    public void Period_ForABranch_ADayInTheAddress_IsThatDayInTheBranch()
    {
        var period = ReportQuery.Period(Query(("from", "2026-12-01"), ("to", "2026-12-01")), new DateTime(2026, 12, 5, 12, 0, 0, DateTimeKind.Utc), Org, NewYork);

        Assert.Equal(new DateTime(2026, 12, 1, 5, 0, 0, DateTimeKind.Utc), period.From);
        Assert.Equal(new DateTime(2026, 12, 2, 5, 0, 0, DateTimeKind.Utc), period.To);
    }
}
