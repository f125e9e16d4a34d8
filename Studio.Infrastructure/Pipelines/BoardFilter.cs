using Studio.Domain.Pipelines;
using Studio.Domain.Common;

namespace Studio.Infrastructure.Pipelines;

public enum BoardPeriod { All, Today, Week, Month, Quarter, Year }

/// <summary>A circuit's own view of a shared snapshot: filters applied in memory, no database.</summary>
public sealed record BoardFilter(BoardPeriod Period = BoardPeriod.All, Guid? EmployeeId = null, Guid? SourceId = null,
    IReadOnlyList<Guid>? TagIds = null, Guid? BranchId = null)
{
    public static readonly BoardFilter None = new();

    /// <summary>One of the board's deal fields and the values it keeps (none: the filter does not look at fields).</summary>
    public FieldFilter? Field { get; init; }

    /// <summary>What the filter selects, as text: screens with equal keys share one view of a snapshot.</summary>
    public string Key => $"{Period}|{EmployeeId}|{SourceId}|{BranchId}|{string.Join(',', TagIds ?? [])}|{Field?.Key}";

    public bool IsEmpty => this == None || (Period == BoardPeriod.All && EmployeeId is null && SourceId is null
        && (TagIds is null || TagIds.Count == 0) && BranchId is null && Field is null);

    /// <summary>The period's start, in UTC; "today" starts at midnight in the studio's time zone; the figures look back at most a year.</summary>
    public DateTime Since(DateTime now, TimeZoneInfo? zone = null) => Period switch
    {
        BoardPeriod.Today => StartOfLocalDay(now, zone ?? TimeZoneInfo.Utc),
        BoardPeriod.Week => now.AddDays(-7),
        BoardPeriod.Month => now.AddDays(-30),
        BoardPeriod.Quarter => now.AddDays(-91),
        _ => now.AddDays(-365),
    };

    // Through the one local-to-UTC rule: in a zone whose clocks jump at midnight (e.g. America/Santiago, Asia/Beirut), the
    // day starts when the clock does, instead of throwing.
    private static DateTime StartOfLocalDay(DateTime utcNow, TimeZoneInfo zone) =>
        Zones.ToUtc(Zones.ToLocal(utcNow, zone).Date, zone);

    public bool Matches(DealCard d, DateTime now, TimeZoneInfo? zone = null) =>
        (Period == BoardPeriod.All || d.CreatedAt >= Since(now, zone))
        && (EmployeeId is null || d.ResponsibleId == EmployeeId)
        && (SourceId is null || d.SourceId == SourceId)
        && (BranchId is null || d.BranchId == BranchId)
        && (TagIds is null || TagIds.Count == 0 || TagIds.All(d.TagIds.Contains))
        && (Field is null || Field.Matches(d.Value(Field.FieldId)));

    private bool Matches(CountedMove m, DateTime since) =>
        m.At >= since
        && (EmployeeId is null || m.ResponsibleId == EmployeeId || m.ById == EmployeeId)
        && (SourceId is null || m.SourceId == SourceId)
        && (BranchId is null || m.BranchId == BranchId);

    public BoardFigures Figures(BoardSnapshot s, DateTime now)
    {
        var since = Since(now, s.TimeZone);
        var moves = s.CountedMoves.Where(m => Matches(m, since)).ToList();
        return new(
            Trials: moves.Where(m => m.ToTrial).Select(m => m.DealId).Distinct().Count(),
            Losses: moves.Count(m => m.ToKind == StageKind.Lost),
            Wins: moves.Count(m => m.ToKind == StageKind.Won));
    }
}

public sealed record BoardFigures(int Trials, int Losses, int Wins);

/// <summary>
/// A filter on one deal field, by its kind: a choice equals <see cref="Value"/>; yes/no is "true" or "false" (a deal with no value is
/// a no); text contains <see cref="Value"/> whatever the case; a number or a date lies between <see cref="From"/> and <see cref="To"/>
/// (either may be open), or equals <see cref="Value"/>. Values are in stored form (invariant numbers, yyyy-MM-dd dates).
/// </summary>
public sealed record FieldFilter(Guid FieldId, CustomFieldKind Kind, string? Value, string? From = null, string? To = null)
{
    public string Key => $"{FieldId}:{Value}:{From}:{To}";

    /// <summary>Nothing to compare with: the filter keeps every deal and is better left out.</summary>
    public bool IsEmpty => string.IsNullOrWhiteSpace(Value) && string.IsNullOrWhiteSpace(From) && string.IsNullOrWhiteSpace(To);

    public bool Matches(string? stored) => Kind switch
    {
        CustomFieldKind.YesNo => string.IsNullOrEmpty(Value) || (stored ?? "false") == Value,
        CustomFieldKind.Choice => string.IsNullOrEmpty(Value) || (stored is not null && Names.Same(stored, Value)),
        CustomFieldKind.Text => string.IsNullOrWhiteSpace(Value) || (stored?.Contains(Value.Trim(), StringComparison.CurrentCultureIgnoreCase) ?? false),
        CustomFieldKind.Number => InRange(FieldKinds.Number(stored), FieldKinds.Number(Value), FieldKinds.Number(From), FieldKinds.Number(To), stored),
        CustomFieldKind.Date => InRange(FieldKinds.Date(stored), FieldKinds.Date(Value), FieldKinds.Date(From), FieldKinds.Date(To), stored),
        _ => true,
    };

    private bool InRange<T>(T? value, T? equal, T? from, T? to, string? stored) where T : struct, IComparable<T>
    {
        if (IsEmpty) return true;
        if (value is not { } v) return false;
        return (equal is not { } e || v.CompareTo(e) == 0) && (from is not { } f || v.CompareTo(f) >= 0) && (to is not { } t || v.CompareTo(t) <= 0)
            && stored is not null;
    }
}
