namespace Studio.Domain.Common;

/// <summary>A domain event: a sealed record naming what changed, by id.</summary>
public interface IDomainEvent;

/// <summary>An event that only appends a record beside the entity (a note) and leaves its own state, and so its version, alone.</summary>
public interface IAppendOnlyEvent : IDomainEvent;

/// <summary>An entity that raises domain events, published by the infrastructure after commit.</summary>
public interface IHasDomainEvents
{
    IReadOnlyCollection<IDomainEvent> DomainEvents { get; }
    void ClearDomainEvents();
}

/// <summary>
/// An entity that people edit at the same time. <see cref="Version"/> is the app-managed
/// concurrency token (a new Guid on every save), the one kind that works on every provider.
/// </summary>
public interface IVersioned
{
    Guid Version { get; }
    void Bump();
}

public abstract class Entity : IHasDomainEvents
{
    private readonly List<IDomainEvent> _events = [];

    public Guid Id { get; protected set; } = Guid.CreateVersion7();

    public IReadOnlyCollection<IDomainEvent> DomainEvents => _events;

    protected void Raise(IDomainEvent e) => _events.Add(e);

    public void ClearDomainEvents() => _events.Clear();
}

public abstract class VersionedEntity : Entity, IVersioned
{
    public Guid Version { get; private set; } = Guid.CreateVersion7();

    public void Bump() => Version = Guid.CreateVersion7();
}

/// <summary>A broken business rule; the message is a resource key plus arguments, shown to the user.</summary>
public sealed class DomainException(string code, params object[] args) : Exception(code)
{
    public string Code { get; } = code;
    public IReadOnlyList<object> Args { get; } = args;
}

public static class Guard
{
    public static string Text(string? value, int maxLength, string field)
    {
        var v = value?.Trim() ?? "";
        if (v.Length == 0) throw new DomainException("Error.Required", field);
        if (v.Length > maxLength) throw new DomainException("Error.TooLong", field, maxLength);
        return v;
    }

    public static string? OptionalText(string? value, int maxLength, string field)
    {
        var v = value?.Trim();
        if (string.IsNullOrEmpty(v)) return null;
        if (v.Length > maxLength) throw new DomainException("Error.TooLong", field, maxLength);
        return v;
    }

    public static DateTime Utc(DateTime value) =>
        value.Kind == DateTimeKind.Utc ? value : throw new ArgumentException("Times in the domain are UTC.", nameof(value));
}
