using System.Globalization;

namespace Studio.Infrastructure.Live;

/// <summary>
/// A live callback runs in the language of whoever subscribed, not of whoever caused it. The culture flows with the async
/// context, so a handler called from a publisher (another person's circuit, a web-form request, the clock) would otherwise render
/// the subscriber's screen in the publisher's language. Every live subscription — the bus and the shared feeds — goes through
/// <see cref="Keep{T}"/>: the culture is taken when subscribing and set around each call.
/// </summary>
public static class SubscriberCulture
{
    /// <summary>The handler, to be called in the current culture and UI culture whatever the caller's.</summary>
    public static Func<T, Task> Keep<T>(Func<T, Task> handler)
    {
        var culture = CultureInfo.CurrentCulture;
        var uiCulture = CultureInfo.CurrentUICulture;
        return message => Run(handler, message, culture, uiCulture);
    }

    // An async method: the cultures set here go no further than this call (and what it awaits or posts), never back to the caller.
    private static async Task Run<T>(Func<T, Task> handler, T message, CultureInfo culture, CultureInfo uiCulture)
    {
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = uiCulture;
        await handler(message);
    }
}
