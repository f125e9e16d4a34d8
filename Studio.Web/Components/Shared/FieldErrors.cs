using Studio.Domain.Common;
using Studio.Infrastructure.Organisation;

namespace Studio.Web.Components.Shared;

/// <summary>
/// A form's refusals placed next to the field they are about (the service names the field in a
/// rule's first argument), anything else shown above the buttons. What was typed is never touched.
/// </summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, string> _byField = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Codes whose field is not in their arguments.</summary>
    private readonly IReadOnlyDictionary<string, string> _fieldOfCode;

    public FieldErrors(IReadOnlyDictionary<string, string>? fieldOfCode = null) =>
        _fieldOfCode = fieldOfCode ?? new Dictionary<string, string>();

    /// <summary>The error not about any one field (a conflict, no rights, not found).</summary>
    public string? General { get; private set; }

    /// <summary>Sets the general error (a check the screen makes itself).</summary>
    public void SetGeneral(string message) => General = message;

    public string? this[string field] => _byField.GetValueOrDefault(field);

    public bool Has(string field) => _byField.ContainsKey(field);

    public bool Any => General is not null || _byField.Count > 0;

    public void Clear()
    {
        _byField.Clear();
        General = null;
    }

    public void Add(string field, string message) => _byField[field] = message;

    /// <summary>Takes back a field's error once what it was about is put right.</summary>
    public void Remove(string field) => _byField.Remove(field);

    /// <summary>
    /// Shows <paramref name="message"/> (the text of <paramref name="ex"/>, from <see cref="ErrorPresenter"/>) by the field it names
    /// when that is one of <paramref name="fields"/>, otherwise as the general error.
    /// </summary>
    public void Show(Exception ex, string message, params string[] fields)
    {
        var field = ex is DomainException d
            ? _fieldOfCode.GetValueOrDefault(d.Code) ?? d.Args.FirstOrDefault() as string
            : null;
        if (field is not null && fields.Contains(field, StringComparer.OrdinalIgnoreCase)) _byField[field] = message;
        else General = message;
    }
}
