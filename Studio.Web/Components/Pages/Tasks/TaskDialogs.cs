using Microsoft.Extensions.Localization;
using MudBlazor;
using Studio.Infrastructure.Tasks;
using Studio.Web.Organisation;
using Studio.Web.Resources;

namespace Studio.Web.Components.Pages.Tasks;

/// <summary>Opens <see cref="TaskDialog"/> the same way from every screen; the saved task's id, or null when cancelled.</summary>
public static class TaskDialogs
{
    private static readonly DialogOptions Options = new() { MaxWidth = MaxWidth.Small, FullWidth = true };

    public static Task<Guid?> NewAsync(IDialogService dialogs, IStringLocalizer<SharedResource> L, Me me, Guid? clientId = null, Guid? dealId = null) =>
        ShowAsync(dialogs, L["TaskForm.New"], new DialogParameters<TaskDialog> { { d => d.Me, me }, { d => d.ClientId, clientId }, { d => d.DealId, dealId } });

    public static Task<Guid?> EditAsync(IDialogService dialogs, IStringLocalizer<SharedResource> L, Me me, TaskView task) =>
        ShowAsync(dialogs, L["TaskForm.Edit"], new DialogParameters<TaskDialog> { { d => d.Me, me }, { d => d.Task, task } });

    private static async Task<Guid?> ShowAsync(IDialogService dialogs, string title, DialogParameters<TaskDialog> parameters)
    {
        var dialog = await dialogs.ShowAsync<TaskDialog>(title, parameters, Options);
        return await dialog.Result is { Canceled: false, Data: Guid id } ? id : null;
    }
}
