using Studio.Infrastructure.Organisation;
using System.Globalization;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Tasks;
using Studio.Web.Components.Shared;

namespace Studio.Web.Tasks;

/// <summary>
/// The tasks page's filters as the URL carries them (dates are the organisation's local days), and the service
/// filter they make. Every value is optional; the defaults are "my tasks, newest first".
/// </summary>
public sealed record TaskQuery(
    TaskScope Scope = TaskScope.Mine, string? Text = null, TaskState? Status = null, string? Client = null, Guid? Executor = null,
    Guid? Author = null, TaskKind? Kind = null, Guid? Template = null, TaskPriority? Priority = null, bool Urgent = false, bool Overdue = false,
    DateOnly? DeadlineFrom = null, DateOnly? DeadlineTo = null, DateOnly? CreatedFrom = null, DateOnly? CreatedTo = null, Guid? Campaign = null,
    TaskSort Sort = TaskSort.Newest, int Skip = 0)
{
    /// <summary>Any of the filters behind "More filters" is set.</summary>
    public bool HasAdvanced => Kind is not null || Template is not null || Priority is not null || Urgent || Overdue || DeadlineFrom is not null
        || DeadlineTo is not null || CreatedFrom is not null || CreatedTo is not null || Campaign is not null || Sort != TaskSort.Newest;

    /// <summary>Any filter at all besides the scope and the page.</summary>
    public bool HasFilters => this with { Scope = TaskScope.Mine, Skip = 0 } != new TaskQuery();

    /// <summary>The filter for the service; the days are the organisation's (midnight in its zone).</summary>
    public TaskFilter ToFilter(int take, OrganisationSettings org) => new(Scope, Status, Blank(Text), Skip: Math.Max(0, Skip), Take: take)
    {
        ClientText = Blank(Client), ExecutorId = Executor, AuthorId = Author, Kind = Kind, TemplateId = Template, Priority = Priority,
        UrgentOnly = Urgent, OverdueOnly = Overdue, ParentId = Campaign, Sort = Sort,
        DeadlineFrom = Start(DeadlineFrom, org), DeadlineBefore = Start(DeadlineTo?.AddDays(1), org),
        CreatedFrom = Start(CreatedFrom, org), CreatedBefore = Start(CreatedTo?.AddDays(1), org),
    };

    public static TaskQuery Parse(IReadOnlyDictionary<string, string?> q, bool mayListAll)
    {
        string? S(string key) => q.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null;
        Guid? G(string key) => Guid.TryParse(S(key), out var g) ? g : null;
        T? E<T>(string key) where T : struct, Enum => Enum.TryParse<T>(S(key), out var e) && Enum.IsDefined(e) ? e : null;
        DateOnly? D(string key) => Reports.ReportQuery.Day(S(key));
        return new(S("scope") == "all" && mayListAll ? TaskScope.All : TaskScope.Mine, S("q"), E<TaskState>("status"), S("client"), G("executor"),
            G("author"), E<TaskKind>("kind"), G("template"), E<TaskPriority>("priority"), S("urgent") == "true", S("overdue") == "true",
            D("dfrom"), D("dto"), D("cfrom"), D("cto"), G("campaign"), E<TaskSort>("sort") ?? TaskSort.Newest,
            int.TryParse(S("skip"), out var skip) ? Math.Max(0, skip) : 0);
    }

    public Dictionary<string, object?> ToParameters() => new()
    {
        ["scope"] = Scope == TaskScope.All ? "all" : null, ["q"] = Blank(Text), ["status"] = Status?.ToString(), ["client"] = Blank(Client),
        ["executor"] = Executor, ["author"] = Author, ["kind"] = Kind?.ToString(), ["template"] = Template, ["priority"] = Priority?.ToString(),
        ["urgent"] = Urgent ? "true" : null, ["overdue"] = Overdue ? "true" : null,
        ["dfrom"] = Day(DeadlineFrom), ["dto"] = Day(DeadlineTo), ["cfrom"] = Day(CreatedFrom), ["cto"] = Day(CreatedTo),
        ["campaign"] = Campaign, ["sort"] = Sort == TaskSort.Newest ? null : Sort.ToString(), ["skip"] = Skip > 0 ? Skip : null,
    };

    public static readonly string[] Keys =
        ["scope", "q", "status", "client", "executor", "author", "kind", "template", "priority", "urgent", "overdue", "dfrom", "dto", "cfrom", "cto", "campaign", "sort", "skip"];

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
    private static string? Day(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static DateTime? Start(DateOnly? d, OrganisationSettings org) => d is { } x ? DateTime.SpecifyKind(org.ToUtc(x.ToDateTime(TimeOnly.MinValue)), DateTimeKind.Utc) : null;
}
