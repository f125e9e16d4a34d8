using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace Studio.Web.Components.Shared;

/// <summary>
/// Renders nothing; makes several components that a live change touched go out in one render batch without rendering the
/// parent they share. A component's own <c>StateHasChanged</c> outside a render starts a batch of its own, so a move
/// (two columns) would cost two; inside a batch it only joins the queue. <see cref="Run"/> renders this component, and
/// its render calls the given action, whose <c>StateHasChanged</c> calls therefore join this batch. Nested runs join the
/// batch in progress. Call it on the component's dispatcher (inside <c>InvokeAsync</c>), like any render.
/// </summary>
public sealed class RenderTogether : ComponentBase
{
    private Action? _pending;

    /// <summary>Runs <paramref name="render"/> inside one render batch; every component it asks to render goes out in it.</summary>
    public void Run(Action render)
    {
        _pending += render;
        StateHasChanged();
    }

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        var pending = _pending;
        _pending = null;
        pending?.Invoke();
    }
}
