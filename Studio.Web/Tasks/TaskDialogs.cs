using Microsoft.Extensions.Localization;
using Studio.Infrastructure.Tasks;
using Studio.Web.Components.Shared;
using Studio.Web.Organisation;
using Studio.Web.Resources;

namespace Studio.Web.Tasks;

/// <summary>Opens <see cref="TaskDialog"/> the same way from every screen; the saved task's id, or null when cancelled.</summary>
public static class TaskDialogs
{
    public static Task<Guid?> NewAsync(Dialogs dialogs, IStringLocalizer<SharedResource> L, Me me, Guid? clientId = null, Guid? dealId = null) =>
        dialogs.OpenAsync<TaskDialog, Guid?>(L["TaskForm.New"], new() { { d => d.Me, me }, { d => d.ClientId, clientId }, { d => d.DealId, dealId } });

    public static Task<Guid?> EditAsync(Dialogs dialogs, IStringLocalizer<SharedResource> L, Me me, TaskView task) =>
        dialogs.OpenAsync<TaskDialog, Guid?>(L["TaskForm.Edit"], new() { { d => d.Me, me }, { d => d.Task, task } });
}
