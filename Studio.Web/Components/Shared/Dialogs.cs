using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;
using Studio.Web.Resources;

namespace Studio.Web.Components.Shared;

/// <summary>
/// Marks a dialog with what it gives back when the person confirms it (<see cref="Dialogs.OpenAsync{TDialog, TResult}"/>
/// checks at compile time that the caller expects that type). A dialog that returns an id is <c>IReturns&lt;Guid?&gt;</c>:
/// the id, or null when cancelled.
/// </summary>
public interface IReturns<TResult>;

/// <summary>
/// The one way a screen opens a dialog (<c>@inject Dialogs Dialogs</c>): a typed result, null when the person
/// cancels, and one confirmation box. Screens never call <see cref="IDialogService"/> themselves.
/// </summary>
public sealed class Dialogs(IDialogService dialogs, IStringLocalizer<SharedResource> L)
{
    /// <summary>
    /// Opens <typeparamref name="TDialog"/> and waits for it: what it closed with, or null when cancelled (or closed
    /// with something that is not a <typeparamref name="TResult"/>).
    /// </summary>
    public async Task<TResult?> OpenAsync<TDialog, TResult>(string title, DialogParameters<TDialog>? parameters = null, MaxWidth width = MaxWidth.Small)
        where TDialog : IComponent, IReturns<TResult>
    {
        var dialog = await dialogs.ShowAsync<TDialog>(title, parameters ?? new DialogParameters<TDialog>(), Options(width));
        return await dialog.Result is { Canceled: false, Data: TResult result } ? result : default;
    }

    /// <summary>Asks a yes/cancel question; true only when the person presses <paramref name="yes"/>.</summary>
    public async Task<bool> ConfirmAsync(string title, string message, string yes) =>
        await dialogs.ShowMessageBoxAsync(title, message, yes, cancelText: L["Common.Cancel"]) == true;

    private static DialogOptions Options(MaxWidth width) => new() { MaxWidth = width, FullWidth = true };
}
