namespace Studio.Domain.Billing;

/// <summary>A visit a client owes: its lesson type, day and how many visits it counts for.</summary>
public sealed record OwedFact(Guid LessonTypeId, DateOnly Day, int Visits);

/// <summary>A pass (or a plan on sale) as the debt estimate reads it.</summary>
public sealed record PriceFact(decimal Price, int? Visits, IReadOnlyList<Guid> LessonTypeIds, DateTime SoldAt);

/// <summary>
/// Debtors (issue 17.12, DOMAIN.md "Debtors"): a client owes the visits counted with no pass to pay them (attended, or
/// absent and charged, with no valid pass covering the lesson). Their passes have ended when they had some and none is
/// valid today. What is owed is estimated in money at the price of one visit of the client's latest pass covering the
/// lesson type, or else of the cheapest plan on sale covering it; unlimited passes and plans give no price per visit.
/// </summary>
public static class Debts
{
    /// <summary>The price of one visit: the price over its visits (none for an unlimited one).</summary>
    public static decimal? VisitPrice(PriceFact p) => p.Visits is { } v && v > 0 ? decimal.Round(p.Price / v, 2) : null;

    /// <summary>The owed visits in money, or none when some visit has no price to go by.</summary>
    public static decimal? Amount(IEnumerable<OwedFact> owed, IReadOnlyList<PriceFact> clientPasses, IReadOnlyList<PriceFact> plansOnSale)
    {
        decimal sum = 0;
        foreach (var o in owed)
        {
            var price = clientPasses.Where(p => p.LessonTypeIds.Contains(o.LessonTypeId) && VisitPrice(p) is not null)
                            .OrderByDescending(p => p.SoldAt).Select(VisitPrice).FirstOrDefault()
                        ?? plansOnSale.Where(p => p.LessonTypeIds.Contains(o.LessonTypeId)).Select(VisitPrice).Where(p => p is not null).Min();
            if (price is not { } each) return null;
            sum += each * o.Visits;
        }
        return sum;
    }

    /// <summary>
    /// The client had passes and none can pay a visit on <paramref name="today"/> (each expired or used up, none starting
    /// later): their passes have ended.
    /// </summary>
    public static bool PassesEnded(IEnumerable<(DateOnly StartsOn, DateOnly ValidUntil, int? VisitsLeft)> passes, DateOnly today)
    {
        var list = passes.ToList();
        return list.Count > 0 && list.All(p => p.StartsOn <= today && (p.ValidUntil < today || p.VisitsLeft <= 0));
    }
}
