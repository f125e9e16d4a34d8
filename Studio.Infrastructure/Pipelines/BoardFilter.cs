using Studio.Domain.Pipelines;
using Studio.Domain.Common;

namespace Studio.Infrastructure.Pipelines;

public enum BoardPeriod { All, Today, Week, Month, Quarter, Year }

/// <summary>A circuit's own view of a shared snapshot: filters applied in memory, no database.</summary>
public sealed record BoardFilter(BoardPeriod Period = BoardPeriod.All, Guid? EmployeeId = null, Guid? SourceId = null,
    IReadOnlyList<Guid>? TagIds = null, Guid? BranchId = null)
{
    public static readonly BoardFilter None = new();

    /// <summary>What the filter selects, as text: screens with equal keys share one view of a snapshot.</summary>
    public string Key => $"{Period}|{EmployeeId}|{SourceId}|{BranchId}|{string.Join(',', TagIds ?? [])}";

    public bool IsEmpty => this == None || (Period == BoardPeriod.All && EmployeeId is null && SourceId is null
        && (TagIds is null || TagIds.Count == 0) && BranchId is null);

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
        && (TagIds is null || TagIds.Count == 0 || TagIds.All(d.TagIds.Contains));

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
