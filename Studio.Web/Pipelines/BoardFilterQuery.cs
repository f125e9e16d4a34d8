using Studio.Domain.Common;
using Studio.Infrastructure.Pipelines;

namespace Studio.Web.Pipelines;

/// <summary>
/// A board's filter in an address: the board page keeps it there, and the board's export reads the same names, so the file holds
/// the deals the screen shows.
/// </summary>
public static class BoardFilterQuery
{
    /// <summary>The query values of a filter (null: left out of the address).</summary>
    public static Dictionary<string, object?> Of(BoardFilter filter) => new()
    {
        ["period"] = filter.Period == BoardPeriod.All ? null : filter.Period.ToString().ToLowerInvariant(),
        ["employee"] = filter.EmployeeId,
        ["source"] = filter.SourceId,
        ["branch"] = filter.BranchId,
        ["tags"] = filter.TagIds is { Count: > 0 } t ? string.Join(',', t) : null,
        ["field"] = filter.Field?.FieldId,
        ["fk"] = filter.Field?.Kind.ToString(),
        ["fv"] = filter.Field?.Value,
        ["ffrom"] = filter.Field?.From,
        ["fto"] = filter.Field?.To,
    };

    /// <summary>The filter named by query values (anything unreadable is left out).</summary>
    public static BoardFilter Parse(Func<string, string?> get)
    {
        var period = Enum.TryParse<BoardPeriod>(get("period"), true, out var p) ? p : BoardPeriod.All;
        var tags = (get("tags") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(t => Guid.TryParse(t, out var g) ? g : Guid.Empty)
            .Where(g => g != Guid.Empty).ToList();
        return new BoardFilter(period, Id(get("employee")), Id(get("source")), tags, Id(get("branch"))) { Field = Field(get) };
    }

    /// <summary>The field part of the filter, or null when it names no field or nothing to compare with.</summary>
    public static FieldFilter? Field(Func<string, string?> get)
    {
        if (Id(get("field")) is not { } fieldId || !Enum.TryParse<CustomFieldKind>(get("fk"), true, out var kind)) return null;
        var filter = new FieldFilter(fieldId, kind, Text(get("fv")), Text(get("ffrom")), Text(get("fto")));
        return filter.IsEmpty ? null : filter;
    }

    /// <summary>The query string (without "?") of a board's export with this filter.</summary>
    public static string ExportQuery(Guid boardId, BoardFilter filter) =>
        string.Join('&', new[] { new KeyValuePair<string, object?>("board", boardId) }.Concat(Of(filter)).Where(kv => kv.Value is not null)
            .Select(kv => $"{kv.Key}={Uri.EscapeDataString(kv.Value!.ToString()!)}"));

    private static Guid? Id(string? value) => Guid.TryParse(value, out var id) ? id : null;

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
