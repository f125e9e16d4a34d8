using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;
using Studio.Infrastructure.Live;
using Studio.Web.Components.Shared;
using Studio.Web.Resources;

namespace Studio.Web.Components.Shared.Dictionaries;

/// <summary>
/// What the lesson types, pass plans and goods tabs share: the owner's id, a live reload when the
/// catalogue changes elsewhere, editing in a dialog that keeps what was typed on a refusal, and
/// archive/restore with Undo.
/// </summary>
public abstract class CatalogueTab : ComponentBase, IDisposable
{
    [Parameter, EditorRequired] public Guid ActorId { get; set; }

    [Inject] protected ISnackbar Snackbar { get; set; } = default!;
    [Inject] protected Dialogs Dialogs { get; set; } = default!;
    [Inject] private ErrorPresenter Errors { get; set; } = default!;
    [Inject] private UndoSnackbar UndoBar { get; set; } = default!;
    [Inject] private ILiveBus Bus { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> Text { get; set; } = default!;

    private LiveFollow? _live;

    protected bool Loading { get; private set; } = true;

    /// <summary>The kinds of message on the dictionaries topic this tab reloads on.</summary>
    protected abstract IReadOnlyCollection<string> Kinds { get; }

    protected abstract Task LoadAsync();

    protected override async Task OnInitializedAsync()
    {
        _live = new LiveFollow(InvokeAsync, DispatchExceptionAsync);
        _live.Topic(Bus, LiveTopics.Dictionaries, ChangedElsewhereAsync, m => Kinds.Contains(m.Kind));
        await LoadAsync();
        Loading = false;
    }

    private async Task ChangedElsewhereAsync()
    {
        try
        {
            await LoadAsync();
            StateHasChanged();
        }
        catch (Exception ex) { await DispatchExceptionAsync(ex); }
    }

    /// <summary>Opens an editor dialog; true when it saved.</summary>
    protected async Task<bool> EditAsync<TDialog>(string title, DialogParameters<TDialog> parameters) where TDialog : IComponent, IReturns<Guid?>
    {
        if (await Dialogs.OpenAsync<TDialog, Guid?>(title, parameters) is null) return false;
        Snackbar.Add(Text["Common.Saved"], Severity.Success);
        await LoadAsync();
        return true;
    }

    /// <summary>Archives or restores an entry; the snackbar offers to undo it.</summary>
    protected async Task ArchiveAsync(string name, bool archive, Func<bool, Task> change)
    {
        if (await Errors.TryAsync(() => change(archive)) is null)
            UndoBar.Offer(Text[archive ? "Billing.ArchivedEntry" : "Billing.RestoredEntry", name], Severity.Info, () => change(!archive));
        await LoadAsync();
    }

    public void Dispose()
    {
        _live?.Dispose();
        GC.SuppressFinalize(this);
    }
}
