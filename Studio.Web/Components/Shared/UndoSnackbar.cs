using Microsoft.Extensions.Localization;
using MudBlazor;
using Studio.Web.Resources;

namespace Studio.Web.Components.Shared;

/// <summary>
/// The one way a screen offers to take back what it just did (<c>@inject UndoSnackbar UndoBar</c>): a snackbar saying what
/// happened with an Undo button, open for <see cref="Window"/>, whatever the screen. The undo itself is a use case that
/// refuses when someone changed the thing since; its refusal shows through <see cref="ErrorPresenter"/>.
/// </summary>
public sealed class UndoSnackbar(ISnackbar snackbar, ErrorPresenter errors, IStringLocalizer<SharedResource> L)
{
    /// <summary>How long Undo stays on offer: long enough to read the message and reach the button (issue 17.3).</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    /// <summary>Shows <paramref name="message"/> with Undo; a click runs <paramref name="undo"/> and shows its refusal, if any.</summary>
    public void Offer(string message, Severity severity, Func<Task> undo) =>
        snackbar.Add(message, severity, o =>
        {
            o.Action = L["Common.Undo"];
            o.VisibleStateDuration = (int)Window.TotalMilliseconds;
            o.OnClick = _ => errors.TryAsync(undo);
        });
}
