using MudBlazor;

namespace Studio.Web.Components.Shared;

/// <summary>
/// The vertical axis of a report's chart scaled to its data: about five round steps (1, 2, 5, 10, 20, 50…)
/// up to just above the largest value, whole numbers only — not MudBlazor's fixed step of 20.
/// </summary>
public static class ChartAxes
{
    /// <summary>A round step giving about five ticks up to the maximum; at least 1.</summary>
    public static double Step(double max)
    {
        if (!(max > 5)) return 1;
        var raw = max / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var n = raw / magnitude;
        return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * magnitude;
    }

    /// <summary>The top of the axis: the first step at or above the maximum (at least one step).</summary>
    public static double Top(double max) => Math.Max(1, Math.Ceiling(Math.Max(0, max) / Step(max))) * Step(max);

    public static BarChartOptions Bar(IEnumerable<ChartSeries<double>> series)
    {
        var max = Max(series);
        return new BarChartOptions { YAxisTicks = (int)Step(max), YAxisSuggestedMax = Top(max), YAxisFormat = "0" };
    }

    public static LineChartOptions Line(IEnumerable<ChartSeries<double>> series)
    {
        var max = Max(series);
        return new LineChartOptions { YAxisTicks = (int)Step(max), YAxisSuggestedMax = Top(max), YAxisFormat = "0" };
    }

    private static double Max(IEnumerable<ChartSeries<double>> series)
    {
        var max = 0d;
        foreach (var s in series)
            for (var i = 0; i < s.Data.Count; i++)
                max = Math.Max(max, s.Data.GetValue(i));
        return max;
    }
}
