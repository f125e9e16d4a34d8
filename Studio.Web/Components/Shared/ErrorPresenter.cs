using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;
using MudBlazor;
using Studio.Domain.Common;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Schedule;
using Studio.Web.Resources;

namespace Studio.Web.Components.Shared;

/// <summary>
/// The one way a screen shows what a use case refused (<c>@inject ErrorPresenter Errors</c>). In a form, a refusal
/// about a field goes next to that field and anything else (a conflict, no rights, gone, an unexpected failure) above
/// the buttons (<see cref="FieldErrors"/> rendered by <see cref="FormError"/>); an action with no form around it (a
/// drag on the board, a row's button) shows the same message as a snackbar. The text is always
/// <see cref="Formats.Error(Exception, IStringLocalizer{SharedResource}, OrganisationSettings?)"/> in the person's
/// language, with a schedule clash's times in the organisation's zone. Nothing typed is touched: the form keeps its
/// fields, so the person corrects and saves again.
/// </summary>
public sealed class ErrorPresenter(IStringLocalizer<SharedResource> L, Formats formats, ISnackbar snackbar, ILoggerFactory logs)
{
    private readonly ILogger _log = logs.CreateLogger<ErrorPresenter>();

    /// <summary>The message for <paramref name="ex"/>, as the person at the desk should read it.</summary>
    public string Message(Exception ex) => Formats.Error(ex, L, formats.Settings);

    /// <summary>
    /// Shows <paramref name="ex"/>: in <paramref name="form"/> when there is one (by its field when the field is one of
    /// <paramref name="fields"/>), otherwise as a snackbar.
    /// </summary>
    public void Show(Exception ex, FieldErrors? form = null, params string[] fields)
    {
        if (!IsRefusal(ex)) _log.LogError(ex, "A use case failed unexpectedly");
        var message = Message(ex);
        if (form is null) snackbar.Add(message, Severity.Error);
        else form.Show(ex, message, fields);
    }

    /// <summary>
    /// Runs one action and shows its refusal: null when it went through, otherwise the exception shown (so a screen
    /// that does one thing more on a refusal, such as reloading after a conflict, can test its type). The form's
    /// earlier errors are cleared first. A cancelled operation (the screen going away, a newer load) is not shown.
    /// </summary>
    public async Task<Exception?> TryAsync(Func<Task> action, FieldErrors? form = null, params string[] fields)
    {
        form?.Clear();
        try
        {
            await action();
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Show(ex, form, fields);
            return ex;
        }
    }

    /// <summary>What our use cases throw on purpose (bad input, rights, gone, conflict, a clash); anything else is a defect.</summary>
    public static bool IsRefusal(Exception ex) => ex is DomainException or AccessDeniedException or NotFoundException
        or ConcurrencyConflictException or SlotTakenException;
}
