using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Microsoft.JSInterop;
using MudBlazor;
using Studio.Web.Resources;

namespace Studio.Web.Components.Shared;

/// <summary>The shared part of <see cref="LocalDateTimeField"/>, <see cref="LocalDateField"/> and <see cref="LocalTimeField"/>.</summary>
public abstract partial class LocalField<T> : ILocalField, IAsyncDisposable where T : struct
{
    private readonly string _id = Guid.NewGuid().ToString("N");
    private IJSObjectReference? _module;
    private string? _text;
    private T? _shown;
    private bool _unreadable, _missing, _initialised;

    [Inject] private IJSRuntime JS { get; set; } = default!;

    /// <summary>The wall-clock value (the organisation's local time for a date and time).</summary>
    [Parameter] public T? Value { get; set; }
    [Parameter] public EventCallback<T?> ValueChanged { get; set; }
    [Parameter] public string? Label { get; set; }
    [Parameter] public string? HelperText { get; set; }
    [Parameter] public string? Class { get; set; }
    [Parameter] public bool Disabled { get; set; }
    [Parameter] public bool Clearable { get; set; }
    /// <summary>An empty field is refused by <see cref="ReadableAsync"/>.</summary>
    [Parameter] public bool Required { get; set; }
    /// <summary>An error found elsewhere (a refused save), shown the same way.</summary>
    [Parameter] public bool Error { get; set; }
    [Parameter] public string? ErrorText { get; set; }
    /// <summary>Anything else (data-testid, aria-*) lands on the input itself.</summary>
    [Parameter(CaptureUnmatchedValues = true)] public IReadOnlyDictionary<string, object>? AdditionalAttributes { get; set; }

    /// <summary>The browser's input type.</summary>
    protected abstract InputType InputType { get; }

    /// <summary>The browser's value for <paramref name="value"/> (ISO, invariant).</summary>
    protected abstract string Format(T value);

    /// <summary>Reads the browser's value (ISO, invariant), never the UI culture's way of writing dates.</summary>
    protected abstract bool TryParse(string text, out T value);

    /// <summary>The resource key of "this cannot be read".</summary>
    protected abstract string UnreadableKey { get; }

    /// <summary>True while what is in the field cannot be read.</summary>
    public bool Unreadable => _unreadable;

    private Dictionary<string, object> Attributes
    {
        get
        {
            var all = AdditionalAttributes?.ToDictionary(kv => kv.Key, kv => kv.Value) ?? [];
            all["data-local-field"] = _id;
            all["data-unreadable"] = _unreadable ? "true" : "false";
            return all;
        }
    }

    private string? Message =>
        _unreadable ? L[UnreadableKey].Value
        : _missing ? L["Error.Required", Label ?? ""].Value
        : Error ? ErrorText : null;

    protected override void OnParametersSet()
    {
        // A value set from outside (a reload, a template) replaces whatever was shown; the field's own echo does not.
        if (_initialised && Nullable.Equals(Value, _shown)) return;
        (_initialised, _shown, _unreadable, _missing) = (true, Value, false, false);
        _text = Value is { } v ? Format(v) : "";
    }

    private async Task OnTextChangedAsync(string? text)
    {
        _text = text ?? "";
        _missing = false;
        if (string.IsNullOrWhiteSpace(text))
        {
            // The browser hands over "" both for a cleared field and for one it cannot read (half typed): ask which.
            _unreadable = await BadInputAsync();
            if (!_unreadable) await SetAsync(null);
        }
        else if (TryParse(text.Trim(), out var value))
        {
            _unreadable = false;
            await SetAsync(value);
        }
        else _unreadable = true;
    }

    private async Task SetAsync(T? value)
    {
        _shown = value;
        if (!Nullable.Equals(value, Value)) await ValueChanged.InvokeAsync(value);
    }

    /// <summary>
    /// Before saving: false (and the reason beside the field) when the field holds something that cannot be
    /// read, also a half-typed value the browser never reported, or nothing while <see cref="Required"/>.
    /// </summary>
    public async Task<bool> ReadableAsync()
    {
        if (!_unreadable && string.IsNullOrEmpty(_text)) _unreadable = await BadInputAsync();
        _missing = !_unreadable && Required && Value is null;
        StateHasChanged();
        return !_unreadable && !_missing;
    }

    private async Task<bool> BadInputAsync()
    {
        try
        {
            _module ??= await JS.InvokeAsync<IJSObjectReference>("import", "./Components/Shared/LocalField.razor.js");
            return _module is not null && await _module.InvokeAsync<bool>("badInput", _id);
        }
        catch (JSDisconnectedException) { return false; }
        catch (InvalidOperationException) { return false; } // no browser (prerendering, component tests)
    }

    public async ValueTask DisposeAsync()
    {
        try { if (_module is not null) await _module.DisposeAsync(); }
        catch (JSDisconnectedException) { }
        GC.SuppressFinalize(this);
    }
}

/// <summary>A date or time field a form asks before saving.</summary>
public interface ILocalField
{
    Task<bool> ReadableAsync();
}

public static class LocalFields
{
    /// <summary>Asks every field; true only when all can be read (each unreadable one says so beside itself).</summary>
    public static async Task<bool> AllReadableAsync(params ILocalField?[] fields)
    {
        var ok = true;
        foreach (var f in fields) if (f is not null && !await f.ReadableAsync()) ok = false;
        return ok;
    }
}

/// <summary>A date and a time of day in the organisation's local time (the browser's datetime-local input).</summary>
public sealed class LocalDateTimeField : LocalField<DateTime>
{
    public const string IsoFormat = "yyyy-MM-ddTHH:mm";
    private static readonly string[] Accepted = [IsoFormat, "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF"];

    protected override InputType InputType => InputType.DateTimeLocal;
    protected override string UnreadableKey => "Error.DateTime.Unreadable";
    protected override string Format(DateTime value) => value.ToString(IsoFormat, CultureInfo.InvariantCulture);

    protected override bool TryParse(string text, out DateTime value) => Parse(text, out value);

    public static bool Parse(string text, out DateTime value)
    {
        var ok = DateTime.TryParseExact(text, Accepted, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
        value = DateTime.SpecifyKind(value, DateTimeKind.Unspecified);
        return ok;
    }
}

/// <summary>A calendar day (the browser's date input).</summary>
public sealed class LocalDateField : LocalField<DateOnly>
{
    public const string IsoFormat = "yyyy-MM-dd";

    protected override InputType InputType => InputType.Date;
    protected override string UnreadableKey => "Error.Date.Unreadable";
    protected override string Format(DateOnly value) => value.ToString(IsoFormat, CultureInfo.InvariantCulture);

    protected override bool TryParse(string text, out DateOnly value) =>
        DateOnly.TryParseExact(text, IsoFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
}

/// <summary>A time of day (the browser's time input).</summary>
public sealed class LocalTimeField : LocalField<TimeOnly>
{
    public const string IsoFormat = "HH:mm";
    private static readonly string[] Accepted = [IsoFormat, "HH:mm:ss", "HH:mm:ss.FFFFFFF"];

    protected override InputType InputType => InputType.Time;
    protected override string UnreadableKey => "Error.Time.Unreadable";
    protected override string Format(TimeOnly value) => value.ToString(IsoFormat, CultureInfo.InvariantCulture);

    protected override bool TryParse(string text, out TimeOnly value) =>
        TimeOnly.TryParseExact(text, Accepted, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
}
