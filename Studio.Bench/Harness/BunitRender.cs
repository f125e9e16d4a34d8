using System.Diagnostics;
using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor.Services;

namespace Studio.Bench.Harness;

/// <summary>
/// Times the first render of a component in bUnit (MudBlazor services, loose JS interop), the
/// way Studio.Tests renders components. Each repeat uses a fresh context, so each is a "first"
/// render of the component (the very first also pays JIT; it is reported apart).
/// </summary>
public static class BunitRender
{
    public sealed record Result(double ColdMs, Stats Warm, double AllocatedMbMedian, int MarkupChars);

    public static Result Measure<TComponent>(int repeats, Action<BunitContext> configure,
        Action<ComponentParameterCollectionBuilder<TComponent>> parameters) where TComponent : IComponent
    {
        double cold = 0;
        var warm = new List<double>();
        var allocated = new List<double>();
        var chars = 0;
        for (var i = 0; i <= repeats; i++)
        {
            using var ctx = new BunitContext();
            ctx.JSInterop.Mode = JSRuntimeMode.Loose;
            ctx.Services.AddMudServices();
            configure(ctx);
            var alloc0 = GC.GetTotalAllocatedBytes(precise: true);
            var t0 = Stopwatch.GetTimestamp();
            var cut = ctx.Render(parameters);
            var ms = Clock.Ms(t0, Stopwatch.GetTimestamp());
            if (i == 0) { cold = ms; chars = cut.Markup.Length; continue; }
            warm.Add(ms);
            allocated.Add((GC.GetTotalAllocatedBytes(precise: true) - alloc0) / 1024.0 / 1024.0);
        }
        return new Result(cold, new Stats(warm), new Stats(allocated).Median, chars);
    }
}
