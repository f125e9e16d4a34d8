using Studio.Domain.Pipelines;

namespace Studio.Web.Pipelines.Settings;

/// <summary>A stage as the board settings screen edits it: the form and the pipeline designer edit the same rows.</summary>
public sealed class StageRow
{
    public Guid Key { get; } = Guid.NewGuid();
    public Guid? Id { get; init; }
    public StageKind Kind { get; init; } = StageKind.Open;
    public string Name { get; set; } = "";
    public string Colour { get; set; } = "#90CAF9";
    public int? TimeLimitDays { get; set; }
    public bool CountsAsTrial { get; set; }
    public Guid? AutoTaskTemplateId { get; set; }
    public int? AutoTaskDueHours { get; set; }
}
