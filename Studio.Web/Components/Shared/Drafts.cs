using System.Text.Json;
using Microsoft.JSInterop;

namespace Studio.Web.Components.Shared;

/// <summary>
/// What someone is typing in a dialog or drawer, kept in the browser tab's sessionStorage (app.js, studioDrafts) under
/// "form:entity": a reconnect, a reload or a node restart gives it back when the form opens again; saving or cancelling
/// clears it. One per circuit; it writes only what changed since its last write.
/// </summary>
public sealed class Drafts(IJSRuntime js)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Dictionary<string, string?> _written = [];

    public static string Key(string form, object? entity) => $"{form}:{entity ?? "new"}";

    /// <summary>The draft kept for the form, or null (none, unreadable, or the browser is gone).</summary>
    public async Task<T?> LoadAsync<T>(string key) where T : class
    {
        try
        {
            var json = await js.InvokeAsync<string?>("studioDrafts.get", key);
            _written[key] = json;
            return string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<T>(json, Json);
        }
        catch (Exception ex) when (ex is JSException or JSDisconnectedException or JsonException or InvalidOperationException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>Keeps the draft (null: nothing worth keeping, so it is removed).</summary>
    public async Task KeepAsync<T>(string key, T? draft) where T : class
    {
        var json = draft is null ? null : JsonSerializer.Serialize(draft, Json);
        if (_written.TryGetValue(key, out var last) && last == json) return;
        _written[key] = json;
        try
        {
            if (json is null) await js.InvokeVoidAsync("studioDrafts.remove", key);
            else await js.InvokeVoidAsync("studioDrafts.set", key, json);
        }
        catch (Exception ex) when (ex is JSException or JSDisconnectedException or InvalidOperationException or TaskCanceledException)
        {
            _written.Remove(key); // try again on the next change
        }
    }

    public Task ClearAsync(string key) => KeepAsync<object>(key, null);
}
