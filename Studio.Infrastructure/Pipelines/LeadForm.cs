using Studio.Domain.Clients;
using Studio.Domain.Common;
using Studio.Domain.Pipelines;
using Studio.Infrastructure.Clients;

namespace Studio.Infrastructure.Pipelines;

/// <summary>
/// A lead as the studio's site sent it: raw text, not yet checked. <see cref="ReadErrors"/> holds
/// the fields the web layer could not read as text (a number or an object where text belongs).
/// </summary>
public sealed record LeadForm(string? Name, string? Phone, string? Email, string? Comment, string? Source,
    string? UtmSource = null, string? UtmMedium = null, string? UtmCampaign = null, string? UtmTerm = null, string? UtmContent = null)
{
    public const string IdempotencyKeyField = "Idempotency-Key";

    /// <summary>Every field the form takes, named as on the wire; anything else in a post is ignored.</summary>
    public static readonly IReadOnlyList<string> Fields = ["name", "phone", "email", "comment", WebForm.SourceField, .. WebForm.UtmFields];

    private static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();

    /// <summary>Field (wire name) → why it could not be read.</summary>
    public IReadOnlyDictionary<string, string> ReadErrors { get; init; } = None;

    /// <summary>A form from wire names (see <see cref="Fields"/>), matched without regard to case.</summary>
    public static LeadForm FromFields(IReadOnlyDictionary<string, string?> values, IReadOnlyDictionary<string, string>? readErrors = null)
    {
        var v = new Dictionary<string, string?>(values, StringComparer.OrdinalIgnoreCase);
        return new LeadForm(v.GetValueOrDefault("name"), v.GetValueOrDefault("phone"), v.GetValueOrDefault("email"),
            v.GetValueOrDefault("comment"), v.GetValueOrDefault(WebForm.SourceField), v.GetValueOrDefault("utm_source"),
            v.GetValueOrDefault("utm_medium"), v.GetValueOrDefault("utm_campaign"), v.GetValueOrDefault("utm_term"),
            v.GetValueOrDefault("utm_content"))
        { ReadErrors = readErrors ?? None };
    }

    /// <summary>
    /// Text from people must not carry control characters (C0, DEL, C1): PostgreSQL refuses a NUL
    /// in text (22021) while SQLite stores it, so the same lead would be lost on one database and
    /// kept on the other. Refused at the door, the same everywhere; a free-text field may keep line
    /// breaks and tabs (<paramref name="lines"/>).
    /// </summary>
    public static bool HasControlCharacters(string text, bool lines)
    {
        foreach (var c in text)
            if (char.IsControl(c) && !(lines && c is '\n' or '\r' or '\t')) return true;
        return false;
    }

    private IEnumerable<(string Field, string? Value)> Utm =>
    [
        ("utm_source", UtmSource), ("utm_medium", UtmMedium), ("utm_campaign", UtmCampaign), ("utm_term", UtmTerm), ("utm_content", UtmContent),
    ];

    /// <summary>
    /// Checks every field and names each bad one, or gives the lead ready to save: the phone in
    /// E.164 (the organisation's country is the default region), the e-mail in lower case.
    /// </summary>
    public CheckedLead Check(string country, string? idempotencyKey)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
            list.Add(message);
        }
        foreach (var (field, message) in ReadErrors) Add(field, message);

        string? Text(string field, string? value, int max, bool lines = false)
        {
            if (ReadErrors.ContainsKey(field)) return null;
            var t = value?.Trim();
            if (string.IsNullOrEmpty(t)) return null;
            if (HasControlCharacters(t, lines))
            {
                Add(field, lines
                    ? $"The {field} contains control characters (such as NUL); only line breaks and tabs are taken."
                    : $"The {field} contains control characters (such as NUL, a line break or a tab); send plain text.");
                return null;
            }
            if (t.Length <= max) return t;
            Add(field, $"The {field} is longer than {max} characters.");
            return null;
        }

        var name = Text("name", Name, WebForm.NameMax);
        if (name is null && !errors.ContainsKey("name")) Add("name", "The name is required.");

        var rawPhone = Text("phone", Phone, WebForm.PhoneMax);
        string? phone = null;
        if (rawPhone is not null)
        {
            try { phone = Phones.Normalise(rawPhone, country); }
            catch (DomainException) { Add("phone", $"\"{rawPhone}\" is not a phone number we can dial; give it with the country code, e.g. +380 67 123 45 67."); }
        }

        var email = Text("email", Email, WebForm.EmailMax)?.ToLowerInvariant();
        if (email is not null && !Client.IsEmailShaped(email)) Add("email", $"\"{email}\" is not an e-mail address.");

        if (rawPhone is null && email is null && !errors.ContainsKey("phone") && !errors.ContainsKey("email"))
        {
            Add("phone", "Give a phone or an e-mail.");
            Add("email", "Give a phone or an e-mail.");
        }

        var comment = Text("comment", Comment, WebForm.CommentMax, lines: true);
        var source = Text(WebForm.SourceField, Source, WebForm.SourceMax);
        var utm = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (field, value) in Utm)
            if (Text(field, value, WebForm.UtmMax) is { } tag) utm[field] = tag;

        var key = idempotencyKey?.Trim();
        if (string.IsNullOrEmpty(key)) key = null;
        else if (HasControlCharacters(key, lines: false))
            Add(IdempotencyKeyField, $"The {IdempotencyKeyField} header contains control characters.");
        else if (key.Length > LeadReceipt.KeyMax)
            Add(IdempotencyKeyField, $"The {IdempotencyKeyField} header is longer than {LeadReceipt.KeyMax} characters.");

        if (errors.Count > 0)
            throw new LeadFormInvalidException(errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        return new CheckedLead(name!, phone, errors.ContainsKey("email") ? null : email, comment, source, utm, key);
    }
}

/// <summary>A lead that passed every check: ready to find or create its client and its deal.</summary>
public sealed record CheckedLead(string Name, string? Phone, string? Email, string? Comment, string? Source,
    IReadOnlyDictionary<string, string> Utm, string? IdempotencyKey);

/// <summary>The lead has bad fields: each is named with why. Nothing was saved.</summary>
public sealed class LeadFormInvalidException(IReadOnlyDictionary<string, string[]> errors) : Exception("Error.LeadForm")
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}
