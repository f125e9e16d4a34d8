using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace Studio.Web.Components.Shared;

/// <summary>
/// Renders its content only when <see cref="Value"/> changed (by <see cref="object.Equals(object?, object?)"/>) since it last
/// rendered, not on every render of the component around it: a part of a header or a form that shows what <see cref="Value"/>
/// holds, and nothing else, renders when that changed (issue 14). Give it every value the content shows, as a tuple of values
/// (a list compares by reference: join it into a string).
/// </summary>
public sealed class SkipUnchanged : ComponentBase
{
    private object? _shown;

    [Parameter, EditorRequired] public object? Value { get; set; }
    [Parameter] public RenderFragment? ChildContent { get; set; }

    protected override bool ShouldRender() => !Equals(Value, _shown);

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        _shown = Value;
        builder.AddContent(0, ChildContent);
    }
}
