using Microsoft.AspNetCore.Components;

namespace Studio.Web.Pipelines;

/// <summary>
/// What a column hears about its cards: the card (its deal id, read from the element in the browser), and for a key the
/// key and Shift. A column listens once for all its cards instead of every card holding its own click, key and drag
/// handlers (ADR-008); <c>wwwroot/Studio.Web.lib.module.js</c> registers the events before Blazor starts.
/// </summary>
public sealed class CardEventArgs : EventArgs
{
    public string? DealId { get; set; }
    public string? Key { get; set; }
    public bool ShiftKey { get; set; }

    /// <summary>The card the event came from; none when it happened beside the cards.</summary>
    public Guid? Deal => Guid.TryParse(DealId, out var id) ? id : null;
}

/// <summary>The card events a column can listen to: <c>@oncardclick</c>, <c>@oncardkey</c>, <c>@oncarddrop</c>.</summary>
[EventHandler("oncardclick", typeof(CardEventArgs), enableStopPropagation: true, enablePreventDefault: true)]
[EventHandler("oncardkey", typeof(CardEventArgs), enableStopPropagation: true, enablePreventDefault: true)]
[EventHandler("oncarddrop", typeof(CardEventArgs), enableStopPropagation: true, enablePreventDefault: true)]
public static class EventHandlers
{
}
