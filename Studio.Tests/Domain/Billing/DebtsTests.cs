using Studio.Domain.Billing;
using Xunit;

namespace Studio.Tests.Domain.Billing;

/// <summary>What a debtor owes in money, and when their passes have ended (issue 17.12).</summary>
public sealed class DebtsTests
{
    private static readonly Guid Group = Guid.NewGuid(), Solo = Guid.NewGuid();
    private static readonly DateOnly Day = new(2026, 12, 1);
    private static readonly DateTime Sold = new(2026, 10, 1, 10, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Amount_AtTheClientsLatestPassCoveringTheType_ElseTheCheapestPlan()
    {
        PriceFact[] passes = [new(1600m, 8, [Group], Sold), new(2000m, 8, [Group], Sold.AddDays(20)), new(3000m, null, [Group, Solo], Sold.AddDays(30))];
        PriceFact[] plans = [new(900m, 1, [Solo], DateTime.MinValue), new(4000m, 5, [Solo], DateTime.MinValue)];

        // Group: the latest limited pass, 2000 / 8 = 250, twice; solo: the client's unlimited pass has no visit price, the cheapest plan's 800 does.
        Assert.Equal(2 * 250m + 800m, Debts.Amount([new(Group, Day, 1), new(Group, Day, 1), new(Solo, Day, 1)], passes, plans));
        Assert.Equal(500m, Debts.Amount([new(Group, Day, 2)], passes, plans));
        Assert.Null(Debts.Amount([new(Guid.NewGuid(), Day, 1)], passes, plans));           // nothing priced covers it
        Assert.Equal(0m, Debts.Amount([], passes, plans));
        Assert.Equal(33.33m, Debts.VisitPrice(new(100m, 3, [Group], Sold)));
    }

    [Fact]
    public void PassesEnded_WhenEveryPassExpiredOrIsUsedUp_NotWithNoneOrOneStillUsableOrAhead()
    {
        var today = new DateOnly(2026, 12, 6);
        (DateOnly, DateOnly, int?) expired = (today.AddDays(-40), today.AddDays(-10), 3), usedUp = (today.AddDays(-5), today.AddDays(20), 0),
            usable = (today.AddDays(-5), today.AddDays(20), 2), ahead = (today.AddDays(2), today.AddDays(30), 8), unlimited = (today.AddDays(-5), today, null);

        Assert.True(Debts.PassesEnded([expired], today));
        Assert.True(Debts.PassesEnded([expired, usedUp], today));
        Assert.False(Debts.PassesEnded([], today));                        // never had one: owes, but no pass ended
        Assert.False(Debts.PassesEnded([expired, usable], today));
        Assert.False(Debts.PassesEnded([expired, ahead], today));
        Assert.False(Debts.PassesEnded([unlimited], today));               // valid to the end of today
    }
}
