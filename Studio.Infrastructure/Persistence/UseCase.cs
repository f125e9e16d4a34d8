using Microsoft.EntityFrameworkCore;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Organisation;

namespace Studio.Infrastructure.Persistence;

/// <summary>
/// The shell every use case goes through (ADR-014): a context of its own, the acting employee read fresh
/// (a disabled account can do nothing), the named <see cref="Policy"/>, the work, and a save in which a row
/// someone else changed meanwhile is a <see cref="ConcurrencyConflictException"/>. With a transaction, each
/// attempt of the provider's retry strategy starts again from a fresh context and a fresh actor, so nothing of
/// a failed attempt leaks into the next. Domain events leave as they always do: through the one
/// <see cref="Live.DomainEventPublisher"/>, after the save or, in a transaction, at its commit.
/// </summary>
/// <remarks>
/// <c>policy</c> is a policy the table answers without a scope (<see cref="Policy.Settings"/>, <see cref="Policy.SeeClients"/>…).
/// Pass null when the policy needs the thing's scope (a board's members, a lesson's branch): the work then calls
/// <c>actor.Require(policy, Scope.Of(actor, thing))</c> once it has read the thing; the actor is still fresh and active.
/// </remarks>
public static class UseCase
{
    /// <summary>A read: no tracking, nothing saved.</summary>
    public static async Task<T> ReadAsync<T>(this IDbContextFactory<StudioDbContext> factory, Guid actorId, Policy? policy,
        Func<StudioDbContext, Employee, Task<T>> read, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        var actor = await ActorAsync(db, actorId, policy, ct);
        return await read(db, actor);
    }

    /// <summary>
    /// The actor alone, fresh, active and allowed: for a use case whose work needs no context of its own (a watch of a
    /// node-wide read model, ADR-001) or runs in another service's use case.
    /// </summary>
    public static Task<Employee> ActorAsync(this IDbContextFactory<StudioDbContext> factory, Guid actorId, Policy? policy, CancellationToken ct) =>
        factory.ReadAsync(actorId, policy, (_, actor) => Task.FromResult(actor), ct);

    /// <summary>A change: the work, then one save (a stale version is a conflict). The work may save itself before (to map a unique index, say).</summary>
    public static async Task<T> RunAsync<T>(this IDbContextFactory<StudioDbContext> factory, Guid actorId, Policy? policy,
        Func<StudioDbContext, Employee, Task<T>> work, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        var actor = await ActorAsync(db, actorId, policy, ct);
        var result = await work(db, actor);
        await db.SaveOrConflictAsync(ct);
        return result;
    }

    /// <inheritdoc cref="RunAsync{T}"/>
    public static Task RunAsync(this IDbContextFactory<StudioDbContext> factory, Guid actorId, Policy? policy,
        Func<StudioDbContext, Employee, Task> work, CancellationToken ct) =>
        factory.RunAsync(actorId, policy, async (db, actor) => { await work(db, actor); return true; }, ct);

    /// <summary>
    /// A change that must be whole or nothing (several saves, a read that decides a write): the actor, the policy, the
    /// work and its save in one transaction, committed at the end. A retried attempt starts from a fresh context.
    /// </summary>
    public static Task<T> RunInTransactionAsync<T>(this IDbContextFactory<StudioDbContext> factory, Guid actorId, Policy? policy,
        Func<StudioDbContext, Employee, Task<T>> work, CancellationToken ct) =>
        factory.InTransactionAsync(async db => await work(db, await ActorAsync(db, actorId, policy, ct)), ct);

    /// <inheritdoc cref="RunInTransactionAsync{T}"/>
    public static Task RunInTransactionAsync(this IDbContextFactory<StudioDbContext> factory, Guid actorId, Policy? policy,
        Func<StudioDbContext, Employee, Task> work, CancellationToken ct) =>
        factory.RunInTransactionAsync(actorId, policy, async (db, actor) => { await work(db, actor); return true; }, ct);

    /// <summary>
    /// The transaction under every use case, and the one for work no employee does (the web form, the nightly jobs,
    /// the demo seed): <paramref name="work"/> and its save in a context and transaction of their own, committed at
    /// the end. Each attempt (a server database may retry a transient failure) starts from a fresh context.
    /// </summary>
    public static async Task<T> InTransactionAsync<T>(this IDbContextFactory<StudioDbContext> factory, Func<StudioDbContext, Task<T>> work,
        CancellationToken ct)
    {
        // The strategy belongs to a context that lives while it runs; the attempts never use that context.
        await using var probe = factory.CreateDbContext();
        return await probe.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var db = factory.CreateDbContext();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var result = await work(db);
            await db.SaveOrConflictAsync(ct);
            await tx.CommitAsync(ct);
            return result;
        });
    }

    /// <inheritdoc cref="InTransactionAsync{T}"/>
    public static Task InTransactionAsync(this IDbContextFactory<StudioDbContext> factory, Func<StudioDbContext, Task> work, CancellationToken ct) =>
        factory.InTransactionAsync(async db => { await work(db); return true; }, ct);

    private static Task<Employee> ActorAsync(StudioDbContext db, Guid actorId, Policy? policy, CancellationToken ct) =>
        policy is { } p ? db.ActorAsync(actorId, p, ct) : db.ActorAsync(actorId, ct);
}
