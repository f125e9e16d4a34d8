using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.AspNetCore.Components.Web;

namespace Studio.Bench.Circuits;

/// <summary>The minimal page's live data: the last 20 items, and an event when one is added.</summary>
public sealed class MinimalFeed
{
    private readonly Lock _lock = new();
    private readonly Queue<string> _items = new();

    public event Action? Changed;

    public void Add(string item)
    {
        lock (_lock)
        {
            _items.Enqueue(item);
            while (_items.Count > 20) _items.Dequeue();
        }
        Changed?.Invoke();
    }

    public string[] Snapshot()
    {
        lock (_lock) return [.. _items];
    }
}

/// <summary>
/// The yardstick: the smallest live Blazor Server component, a 20-item list that re-renders
/// when the feed changes (InvokeAsync + StateHasChanged). Written in C# so that Studio.Bench
/// needs no Razor SDK.
/// </summary>
public sealed class MinimalLiveList : ComponentBase, IDisposable
{
    private string[] _items = [];

    [Inject] private MinimalFeed Feed { get; set; } = default!;

    protected override void OnInitialized()
    {
        _items = Feed.Snapshot();
        Feed.Changed += OnChanged;
    }

    private void OnChanged() => _ = InvokeAsync(() =>
    {
        _items = Feed.Snapshot();
        StateHasChanged();
    });

    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.OpenElement(0, "ul");
        builder.AddAttribute(1, "data-testid", "minimal-live");
        foreach (var item in _items)
        {
            builder.OpenElement(2, "li");
            builder.AddContent(3, item);
            builder.CloseElement();
        }
        builder.CloseElement();
    }

    public void Dispose() => Feed.Changed -= OnChanged;
}

/// <summary>The whole minimal page: a document with the live list as an interactive server component, not prerendered (as Studio's pages).</summary>
public sealed class MinimalLiveDocument : ComponentBase
{
    protected override void BuildRenderTree(RenderTreeBuilder builder)
    {
        builder.AddMarkupContent(0, "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\" /><base href=\"/\" /><title>Minimal live page</title></head><body>");
        builder.OpenComponent<MinimalLiveList>(1);
        builder.AddComponentRenderMode(new InteractiveServerRenderMode(prerender: false));
        builder.CloseComponent();
        builder.AddMarkupContent(2, "<script src=\"_framework/blazor.web.js\"></script></body></html>");
    }
}
