using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;
using Studio.Domain.Common;
using Studio.Infrastructure.Live;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Pipelines;
using Studio.Web.Components.Shared;
using Studio.Web.Resources;
using Studio.Infrastructure.Clients;

namespace Studio.Web.Components.Shared.Dictionaries;

/// <summary>Where an error of a dictionary entry is shown: next to the name, the colour or the choices.</summary>
public enum EntryField { Name, Colour, Choices }

/// <summary>
/// What every dictionary tab shares: the owner's id, a live reload when the dictionary changes
/// elsewhere (edits in progress are kept), errors next to the field they are about, and the
/// delete that asks for a replacement when the entry is in use.
/// </summary>
public abstract class DictionaryTab : ComponentBase, IDisposable
{
    [Parameter, EditorRequired] public Guid ActorId { get; set; }

    [Inject] protected DictionaryService Dictionaries { get; set; } = default!;
    [Inject] protected ISnackbar Snackbar { get; set; } = default!;
    [Inject] private ILiveBus Bus { get; set; } = default!;
    [Inject] private Dialogs Dialogs { get; set; } = default!;
    [Inject] protected ErrorPresenter Errors { get; set; } = default!;
    [Inject] private IStringLocalizer<SharedResource> Text { get; set; } = default!;

    private LiveFollow? _live;

    protected bool Loading { get; private set; } = true;
    protected bool Busy { get; private set; }

    /// <summary>The kind of message on the dictionaries topic this tab listens to.</summary>
    protected abstract string Kind { get; }

    /// <summary>Reads the list again, keeping any row being edited as typed.</summary>
    protected abstract Task LoadAsync();

    protected override async Task OnInitializedAsync()
    {
        _live = new LiveFollow(InvokeAsync, DispatchExceptionAsync);
        _live.Topic(Bus, LiveTopics.Dictionaries, ChangedElsewhereAsync, m => m.Kind == Kind);
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

    /// <summary>
    /// Runs a change. A refusal is shown next to the field of <paramref name="edit"/> (or in a
    /// snackbar), and what was typed stays. After a conflict the list is read again and the edit
    /// moves onto the fresh version, so saving once more, knowingly, goes through. True when it went through.
    /// </summary>
    protected async Task<bool> TryAsync(Func<Task> change, EntryEdit? edit = null)
    {
        if (Busy) return false;
        Busy = true;
        edit?.ClearErrors();
        try
        {
            await change();
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A row edited in place: its refusal by the row's field (the presenter's message), the rest as the presenter shows it.
            if (ex is ConcurrencyConflictException or NotFoundException) await LoadAsync();
            if (edit is not null && ex is DomainException or ConcurrencyConflictException)
            {
                edit.Show(FieldOf(ex), Errors.Message(ex));
                if (ex is ConcurrencyConflictException) edit.Rebase();
            }
            else Errors.Show(ex);
            return false;
        }
        finally { Busy = false; }
    }

    private static EntryField FieldOf(Exception ex) => ex is DomainException d
        ? d.Code switch
        {
            "Error.Colour" => EntryField.Colour,
            "Error.ChoicesRequired" or "Error.ChoiceInUse" => EntryField.Choices,
            _ when d.Args.FirstOrDefault() is "Choice" => EntryField.Choices,
            _ => EntryField.Name,
        }
        : EntryField.Name;

    /// <summary>
    /// Deletes an entry. In use, the refusal (which says how many uses) opens a dialog offering
    /// the other entries to take its place; choosing one deletes with that replacement.
    /// </summary>
    protected async Task DeleteAsync(string name, IReadOnlyList<NamedView> others, Func<Guid?, Task<int>> delete,
        params string[] inUseCodes)
    {
        if (Busy) return;
        Busy = true;
        try
        {
            try
            {
                await delete(null);
                Snackbar.Add(Text["Dict.Deleted", name], Severity.Success);
            }
            catch (DomainException ex) when (inUseCodes.Contains(ex.Code))
            {
                var replacement = await AskReplacementAsync(name, Errors.Message(ex), others);
                if (replacement is not { } to) return;
                var moved = await delete(to);
                Snackbar.Add(Text["Dict.Replaced", name, others.First(o => o.Id == to).Name, moved], Severity.Success);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException) { Errors.Show(ex); }
        finally { Busy = false; }
        await LoadAsync();
    }

    private async Task<Guid?> AskReplacementAsync(string name, string message, IReadOnlyList<NamedView> others) =>
        (await Dialogs.OpenAsync<DeleteEntryDialog, DeleteEntryDialog.Choice>(Text["Dict.DeleteTitle", name],
            new() { { d => d.Message, message }, { d => d.Options, others } }, MaxWidth.ExtraSmall))?.ReplaceWith;

    /// <summary>Asks before something is lost for good (a custom field's values).</summary>
    protected async Task<bool> ConfirmAsync(string title, string message, string confirm) =>
        await Dialogs.OpenAsync<DeleteEntryDialog, DeleteEntryDialog.Choice>(title,
            new() { { d => d.Message, message }, { d => d.ConfirmText, confirm } }, MaxWidth.ExtraSmall) is not null;

    public void Dispose()
    {
        _live?.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>What is being typed for an entry, new or edited, with the errors next to each field.</summary>
public class EntryEdit
{
    public string Name { get; set; } = "";
    public string Colour { get; set; } = "#90A4AE";
    public bool ShowInFunnel { get; set; } = true;
    public List<string> Choices { get; set; } = [];
    public string? NewChoice { get; set; }
    public string? NameError { get; set; }
    public string? ColourError { get; set; }
    public string? ChoicesError { get; set; }

    public void ClearErrors() => (NameError, ColourError, ChoicesError) = (null, null, null);

    public void Show(EntryField field, string message)
    {
        switch (field)
        {
            case EntryField.Colour: ColourError = message; break;
            case EntryField.Choices: ChoicesError = message; break;
            default: NameError = message; break;
        }
    }

    /// <summary>Takes the typed choice into the list (once, whatever its case).</summary>
    public void AddChoice()
    {
        var c = NewChoice?.Trim();
        if (!string.IsNullOrEmpty(c) && !Choices.Contains(c, StringComparer.OrdinalIgnoreCase)) Choices.Add(c);
        NewChoice = null;
    }

    /// <summary>Someone else saved first: the next save is made on what is saved now.</summary>
    public virtual void Rebase() { }
}

/// <summary>One entry as the tab shows it: the saved values, and the edit in progress.</summary>
public sealed class EntryRow<TView>(TView view) : EntryEdit where TView : IDictionaryEntry
{
    public TView View { get; set; } = view;
    public bool Editing { get; set; }
    /// <summary>The version the edit started from: a save on it is refused if someone saved in between.</summary>
    public Guid EditVersion { get; set; }

    /// <summary>The version shown when the edit began.</summary>
    public Guid StartedFrom { get; private set; }

    /// <summary>Someone saved this entry while it is being edited here: the screen shows what they saved.</summary>
    public bool ChangedElsewhere => Editing && View.Version != StartedFrom;

    public void StartEdit(Action<EntryRow<TView>> fill)
    {
        ClearErrors();
        Editing = true;
        EditVersion = StartedFrom = View.Version;
        NewChoice = null;
        fill(this);
    }

    public void StopEdit()
    {
        Editing = false;
        ClearErrors();
    }

    public override void Rebase() => EditVersion = View.Version;

    /// <summary>The list was read again: the saved values move on; an edit in progress keeps what was typed.</summary>
    public static List<EntryRow<TView>> Merge(IEnumerable<TView> fresh, IReadOnlyList<EntryRow<TView>> old)
    {
        var editing = old.Where(r => r.Editing).ToDictionary(r => r.View.Id);
        return fresh.Select(v =>
        {
            if (!editing.TryGetValue(v.Id, out var row)) return new EntryRow<TView>(v);
            row.View = v;
            return row;
        }).ToList();
    }
}
