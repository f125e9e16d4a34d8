using System.Net;
using System.Text.RegularExpressions;

namespace Studio.Bench.Circuits;

/// <summary>
/// Signs in through Studio's real sign-in form (<c>/account/login</c>, a server-rendered
/// EditForm): GET it, keep its hidden fields (antiforgery token, the form's handler name),
/// POST the account and password. The cookie lands in the client's container and is shared
/// by every circuit the bench opens (one manager, many tabs).
/// </summary>
public static partial class SignIn
{
    public static async Task SignInAsync(HttpClient http, Uri baseUri, string email, string password, CancellationToken ct)
    {
        var loginUri = new Uri(baseUri, "account/login");
        var html = await http.GetStringAsync(loginUri, ct);
        var form = FormRegex().Matches(html).Select(m => m.Value).FirstOrDefault(f => f.Contains("type=\"password\"", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"{loginUri} has no form with a password field.");
        var fields = new List<KeyValuePair<string, string>>();
        foreach (Match input in HiddenRegex().Matches(form))
            fields.Add(new(WebUtility.HtmlDecode(input.Groups["name"].Value), WebUtility.HtmlDecode(input.Groups["value"].Value)));
        fields.Add(new("Input.Email", email));
        fields.Add(new("Input.Password", password));
        var action = ActionRegex().Match(form) is { Success: true } a && a.Groups[1].Value.Length > 0
            ? new Uri(loginUri, WebUtility.HtmlDecode(a.Groups[1].Value)) : loginUri;

        using var post = await http.PostAsync(action, new FormUrlEncodedContent(fields), ct);
        if (post.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther)
            || post.Headers.Location?.OriginalString.Contains("login", StringComparison.OrdinalIgnoreCase) == true)
            throw new InvalidOperationException($"Signing in as {email} failed: {(int)post.StatusCode} {post.Headers.Location}.");
    }

    [GeneratedRegex(@"<form\b.*?</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex FormRegex();

    // Hidden inputs as Blazor renders them: type, name and value attributes in any order.
    [GeneratedRegex(@"<input(?=[^>]*\btype=""hidden"")(?=[^>]*\bname=""(?<name>[^""]*)"")(?=[^>]*\bvalue=""(?<value>[^""]*)"")[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex HiddenRegex();

    [GeneratedRegex(@"<form\b[^>]*\baction=""([^""]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex ActionRegex();
}
