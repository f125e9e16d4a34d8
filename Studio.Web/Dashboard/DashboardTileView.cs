namespace Studio.Web.Dashboard;

/// <summary>A figure under a tile's number (a board's share, a kind of lesson).</summary>
public sealed record DashboardLine(string Kind, string Label, int Value, string Href);

/// <summary>What one dashboard tile shows: immutable, so a tile compares what it is handed with what it shows and skips the render when they agree.</summary>
public sealed record DashboardTileView(string Kind, string Label, string Icon, int Value, string Href, IReadOnlyList<DashboardLine> Lines, bool Alert = false)
{
    /// <summary>Whether the two show the same (the lines by value: each snapshot builds its own list).</summary>
    public bool Shows(DashboardTileView other) =>
        Kind == other.Kind && Label == other.Label && Icon == other.Icon && Value == other.Value && Href == other.Href && Alert == other.Alert &&
        (ReferenceEquals(Lines, other.Lines) || Lines.SequenceEqual(other.Lines));
}

/// <summary>How a tile's number last moved: by how much, and which change moved it (a new one restarts the highlight).</summary>
public readonly record struct DashboardMove(int Delta, int Generation);
