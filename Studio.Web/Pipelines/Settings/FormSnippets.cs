using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Localization;
using Studio.Web.Resources;

namespace Studio.Web.Pipelines.Settings;

/// <summary>The web form as a studio pastes it into its site, labelled in the owner's language.</summary>
public static class FormSnippets
{
    private static readonly JsonSerializerOptions JsText = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A plain HTML form: posts form-encoded fields, works from any site without script.</summary>
    public static string PlainForm(string formUrl, IStringLocalizer<SharedResource> L) => $$"""
        <form method="post" action="{{Html(formUrl)}}" accept-charset="utf-8">
        {{Fields(L)}}
        </form>
        """;

    /// <summary>
    /// The same form sent with fetch(): the visitor stays on the page, the page's UTM tags go
    /// along, and a second click sends the same Idempotency-Key, so it makes no second deal.
    /// Needs the site among the board's allowed origins.
    /// </summary>
    public static string FetchForm(string formUrl, IStringLocalizer<SharedResource> L) => $$"""
        <form id="studio-lead">
        {{Fields(L)}}
        </form>
        <script>
        (() => {
          const form = document.getElementById('studio-lead');
          const key = crypto.randomUUID ? crypto.randomUUID() : Date.now() + '-' + Math.random().toString(16).slice(2);
          form.addEventListener('submit', async e => {
            e.preventDefault();
            const lead = Object.fromEntries(new FormData(form));
            const page = new URLSearchParams(location.search);
            for (const tag of ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'])
              if (page.has(tag)) lead[tag] = page.get(tag);
            const answer = await fetch({{Js(formUrl)}}, {
              method: 'POST',
              headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
              body: JSON.stringify(lead),
            }).catch(() => null);
            form.replaceWith(answer && answer.ok ? {{Js(L["WebForm.Thanks"])}} : {{Js(L["WebForm.Failed"])}});
          });
        })();
        </script>
        """;

    private static string Fields(IStringLocalizer<SharedResource> L) => $$"""
          <label>{{Html(L["WebForm.Name"])}} <input name="name" required maxlength="160"></label>
          <label>{{Html(L["WebForm.Phone"])}} <input name="phone" type="tel" maxlength="40"></label>
          <label>{{Html(L["WebForm.Email"])}} <input name="email" type="email" maxlength="256"></label>
          <label>{{Html(L["WebForm.Comment"])}} <textarea name="comment" maxlength="4000"></textarea></label>
          <button type="submit">{{Html(L["WebForm.Send"])}}</button>
        """;

    private static string Html(string text) => WebUtility.HtmlEncode(text);

    private static string Js(string text) => JsonSerializer.Serialize(text, JsText);
}
