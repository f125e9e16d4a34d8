using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Studio.Domain.Billing;
using Studio.Domain.Clients;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Domain.Pipelines;
using Studio.Domain.Schedule;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Billing;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Pipelines;
using Studio.Infrastructure.Schedule;
using Studio.Infrastructure.Tasks;
using Studio.Infrastructure.Clients;

namespace Studio.Infrastructure.Live;

/// <summary>
/// Bumps the concurrency token of every changed entity before a save, and publishes the
/// domain events of a save after it is committed: at once for a plain save, at commit for a
/// save inside an explicit transaction. A screen never shows what was not saved.
/// </summary>
public sealed class DomainEventPublisher(ILiveBus bus) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        BumpVersions(eventData.Context);
        NoteRaising(eventData.Context);
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        BumpVersions(eventData.Context);
        NoteRaising(eventData.Context);
        return base.SavingChanges(eventData, result);
    }

    /// <summary>A failed save publishes nothing; its events stay on the entities for a save that succeeds.</summary>
    public override void SaveChangesFailed(DbContextErrorEventData eventData) => ForgetRaising(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ForgetRaising(eventData.Context);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => ForgetRaising(eventData.Context);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        ForgetRaising(eventData.Context);
        return Task.CompletedTask;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        await CollectAndPublish(eventData.Context);
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        CollectAndPublish(eventData.Context).GetAwaiter().GetResult();
        return result;
    }

    private static void BumpVersions(DbContext? context)
    {
        if (context is null) return;
        foreach (var entry in context.ChangeTracker.Entries<IVersioned>())
        {
            // An aggregate whose children changed raised an event but may itself look unchanged: it moves on too.
            var raisedEvents = entry.Entity is IHasDomainEvents h && h.DomainEvents.Any(e => e is not IAppendOnlyEvent);
            if (entry.State == EntityState.Modified || (entry.State == EntityState.Unchanged && raisedEvents))
            {
                entry.Entity.Bump();
                entry.Property(e => e.Version).IsModified = true;
            }
        }
    }

    /// <summary>
    /// Notes which entities raised events before the save: a deleted entity (a dictionary entry, an absence) is detached
    /// by the time the save is done, and its events must still be heard.
    /// </summary>
    private static void NoteRaising(DbContext? context)
    {
        if (context is not StudioDbContext db) return;
        db.Raising.Clear();
        db.Raising.AddRange(db.ChangeTracker.Entries<IHasDomainEvents>().Select(e => e.Entity).Where(e => e.DomainEvents.Count > 0));
    }

    private static void ForgetRaising(DbContext? context)
    {
        if (context is StudioDbContext db) db.Raising.Clear();
    }

    private async Task CollectAndPublish(DbContext? context)
    {
        if (context is not StudioDbContext db) return;
        var events = new List<IDomainEvent>();
        foreach (var entity in db.Raising)
        {
            events.AddRange(entity.DomainEvents);
            entity.ClearDomainEvents();
        }
        db.Raising.Clear();
        if (db.Database.CurrentTransaction is not null)
        {
            db.PendingEvents.AddRange(events);
            return;
        }
        await Publish(events);
    }

    private async Task Publish(IEnumerable<IDomainEvent> events)
    {
        var messages = events.SelectMany(ToMessages).Distinct().ToList();
        // A client created in this commit is read whole by the list: its first status (same commit) says nothing more there.
        var created = messages.Where(m => m.Topic == LiveTopics.Clients && m.Kind == nameof(ClientCreated)).Select(m => m.Id).ToHashSet();
        // A deal made, moved or edited in this commit has its card read again anyway: the task its stage made says nothing more
        // there, and a second message would cost every watching screen a second render.
        var cardsRead = messages.Where(m => m.Kind is nameof(DealCreated) or nameof(DealMoved) or nameof(DealUpdated)).Select(m => (m.Topic, m.Id)).ToHashSet();
        foreach (var message in messages)
            if ((created.Count == 0 || message.Topic != LiveTopics.Clients || message.Kind == nameof(ClientCreated) || !created.Contains(message.Id))
                && (message.Kind != BoardViews.DealTasks || !cardsRead.Contains((message.Topic, message.Id))))
                await bus.PublishAsync(message);
    }

    /// <summary>The kind of message a deal's callback change (<see cref="IDealCallbackChange.CallbackChanged"/>) sends.</summary>
    public const string DealCallbackChanged = "DealCallbackChanged";

    /// <summary>
    /// A deal's callback set, moved or cleared, or its deal closed or reopened with one: the dashboard's overdue calls may move, and
    /// so may the reminder its responsible was shown (their indicator and popup read it again).
    /// </summary>
    private static IEnumerable<LiveMessage> CallbackMessages(IDealCallbackChange d) => !d.CallbackChanged ? [] :
        [new(LiveTopics.Dashboard, DealCallbackChanged, d.DealId),
            .. d.ResponsibleId is { } r ? [new LiveMessage(LiveTopics.Tasks(r), DealCallbackChanged, d.DealId)] : Array.Empty<LiveMessage>()];

    /// <summary>The kind of message a deal or a client moved to another branch sends to the dashboard (every branch's figures may move).</summary>
    public const string BranchChanged = "BranchChanged";

    private static IEnumerable<LiveMessage> BranchMessages(bool changed, Guid id) => changed ? [new(LiveTopics.Dashboard, BranchChanged, id)] : [];

    /// <summary>Where each event is heard. A new kind of event is added here once.</summary>
    internal static IEnumerable<LiveMessage> ToMessages(IDomainEvent e) => e switch
    {
        DealCreated d => [new(LiveTopics.Board(d.BoardId), nameof(DealCreated), d.DealId), new(LiveTopics.Client(d.ClientId), nameof(DealCreated), d.DealId), new(LiveTopics.Dashboard, nameof(DealCreated), d.DealId)],
        DealMoved d => [new(LiveTopics.Board(d.BoardId), nameof(DealMoved), d.DealId), new(LiveTopics.Deal(d.DealId), nameof(DealMoved), d.DealId), new(LiveTopics.Dashboard, nameof(DealMoved), d.DealId), new(LiveTopics.Client(d.ClientId), nameof(DealMoved), d.DealId),
            .. CallbackMessages(d)],
        DealUpdated d => [new(LiveTopics.Board(d.BoardId), nameof(DealUpdated), d.DealId), new(LiveTopics.Deal(d.DealId), nameof(DealUpdated), d.DealId),
            .. d.ClientId is { } dc ? [new LiveMessage(LiveTopics.Client(dc), nameof(DealUpdated), d.DealId)] : Array.Empty<LiveMessage>(),
            .. CallbackMessages(d), .. BranchMessages(d.BranchChanged, d.DealId)],
        DealNoteAdded d => [new(LiveTopics.Deal(d.DealId), nameof(DealNoteAdded), d.DealId)],
        ClientCreated c => [new(LiveTopics.Clients, nameof(ClientCreated), c.ClientId),
            .. c.HasBirthday ? [new LiveMessage(LiveTopics.Dashboard, nameof(ClientCreated), c.ClientId)] : Array.Empty<LiveMessage>()],
        ClientUpdated c => [new(LiveTopics.Client(c.ClientId), nameof(ClientUpdated), c.ClientId), new(LiveTopics.Clients, nameof(ClientUpdated), c.ClientId),
            .. c.BirthdayChanged ? [new LiveMessage(LiveTopics.Dashboard, nameof(ClientUpdated), c.ClientId)] : Array.Empty<LiveMessage>(),
            .. BranchMessages(c.BranchChanged, c.ClientId)],
        ClientStatusChanged c => [new(LiveTopics.Client(c.ClientId), nameof(ClientStatusChanged), c.ClientId), new(LiveTopics.Clients, nameof(ClientStatusChanged), c.ClientId), new(LiveTopics.Dashboard, nameof(ClientStatusChanged), c.ClientId)],
        ClientMerged c => [new(LiveTopics.Client(c.ClientId), nameof(ClientMerged), c.KeptId), new(LiveTopics.Client(c.KeptId), nameof(ClientMerged), c.KeptId),
            new(LiveTopics.Clients, nameof(ClientMerged), c.ClientId), // the list hears the duplicate leave; the kept one's own update names it
            new(LiveTopics.Dashboard, nameof(ClientMerged), c.ClientId)],
        ClientArchived c => [new(LiveTopics.Client(c.ClientId), nameof(ClientArchived), c.ClientId), new(LiveTopics.Clients, nameof(ClientArchived), c.ClientId),
            new(LiveTopics.Dashboard, nameof(ClientArchived), c.ClientId)],
        ClientGuardiansChanged c => [new(LiveTopics.Client(c.ClientId), nameof(ClientGuardiansChanged), c.ClientId)], // a timeline line: the card is read whole
        ClientNoteAdded c => [new(LiveTopics.Client(c.ClientId), nameof(ClientNoteAdded), c.NoteId)], // the note: the card reads its line alone
        BoardChanged b => [new(LiveTopics.Board(b.BoardId), nameof(BoardChanged), b.BoardId), new(LiveTopics.Boards, nameof(BoardChanged), b.BoardId)],
        LessonChanged l => [.. l.Days.Select(d => new LiveMessage(LiveTopics.Schedule(l.BranchId, d), nameof(LessonChanged), l.LessonId)),
            new(LiveTopics.Lesson(l.LessonId), nameof(LessonChanged), l.LessonId), new(LiveTopics.Dashboard, nameof(LessonChanged), l.LessonId),
            .. l.SeriesId is { } ls ? [new LiveMessage(LiveTopics.Series(ls), nameof(LessonChanged), l.LessonId)] : Array.Empty<LiveMessage>(),
            .. l.ClientIds.Select(c => new LiveMessage(LiveTopics.Client(c), nameof(LessonChanged), l.LessonId))],
        AbsenceChanged a => [new(LiveTopics.ScheduleAll, nameof(AbsenceChanged), a.EmployeeId)],
        FreezeChanged f => [new(LiveTopics.ScheduleAll, nameof(FreezeChanged), f.ClientId), new(LiveTopics.Client(f.ClientId), nameof(FreezeChanged), f.ClientId)],
        PassChanged p => [new(LiveTopics.Client(p.ClientId), nameof(PassChanged), p.PassId)],
        PaymentRecorded p => [new(LiveTopics.Payments, nameof(PaymentRecorded), p.PaymentId), new(LiveTopics.Dashboard, nameof(PaymentRecorded), p.PaymentId),
            .. p.ClientId is { } c ? [new LiveMessage(LiveTopics.Client(c), nameof(PaymentRecorded), p.PaymentId)] : Array.Empty<LiveMessage>()],
        PaymentReversed p => [new(LiveTopics.Payments, nameof(PaymentReversed), p.PaymentId), new(LiveTopics.Dashboard, nameof(PaymentReversed), p.PaymentId),
            .. p.ClientId is { } c ? [new LiveMessage(LiveTopics.Client(c), nameof(PaymentReversed), p.PaymentId)] : Array.Empty<LiveMessage>()],
        TaskChanged t => [.. t.ExecutorIds.Append(t.AuthorId).Distinct().Select(e => new LiveMessage(LiveTopics.Tasks(e), nameof(TaskChanged), t.TaskId)),
            new(LiveTopics.Dashboard, nameof(TaskChanged), t.TaskId),
            .. t.ClientId is { } tc ? [new LiveMessage(LiveTopics.Client(tc), nameof(TaskChanged), t.TaskId)] : Array.Empty<LiveMessage>(),
            .. (t.DealId, t.BoardId) is ({ } deal, { } board) ? [new LiveMessage(LiveTopics.Board(board), BoardViews.DealTasks, deal)] : Array.Empty<LiveMessage>()],
        CallbackReminderFired r => [new(LiveTopics.Tasks(r.EmployeeId), Reminders.Fired, r.DealId)],
        ReminderFired r => [new(LiveTopics.Tasks(r.EmployeeId), Reminders.Fired, r.TaskId)],
        NoticeSeen n => [new(LiveTopics.Tasks(n.EmployeeId), TaskService.NoticesSeen, n.TaskId)],
        TaskTemplateChanged t => [new(LiveTopics.Dictionaries, TaskTemplateService.Kind, t.TemplateId)],
        LeadSourceChanged s => [new(LiveTopics.Dictionaries, DictionaryKinds.Sources, s.SourceId)],
        TagChanged t => [new(LiveTopics.Dictionaries, DictionaryKinds.Tags, t.TagId)],
        OrganisationChanged o => [new(LiveTopics.Organisation, nameof(OrganisationChanged), o.Id)],
        ClientStatusEntryChanged s => [new(LiveTopics.Dictionaries, DictionaryKinds.Statuses, s.StatusId)],
        CustomFieldChanged f => [new(LiveTopics.Dictionaries, DictionaryKinds.CustomFields, f.FieldId)],
        PassPlanChanged p => [new(LiveTopics.Dictionaries, BillingService.PlansKind, p.PlanId)],
        GoodChanged g => [new(LiveTopics.Dictionaries, BillingService.GoodsKind, g.GoodId)],
        LessonTypeChanged t => [new(LiveTopics.ScheduleAll, LessonTypeService.LessonTypesKind, t.LessonTypeId),
            new(LiveTopics.Dictionaries, LessonTypeService.LessonTypesKind, t.LessonTypeId)],
        _ => [],
    };

    /// <summary>A new transaction starts clean: events of an attempt that never committed (a retried execution strategy) are dropped.</summary>
    public ValueTask<DbTransaction> TransactionStartedAsync(DbConnection connection, TransactionEndEventData eventData, DbTransaction result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is StudioDbContext db) db.PendingEvents.Clear();
        return ValueTask.FromResult(result);
    }

    public DbTransaction TransactionStarted(DbConnection connection, TransactionEndEventData eventData, DbTransaction result)
    {
        if (eventData.Context is StudioDbContext db) db.PendingEvents.Clear();
        return result;
    }

    public async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not StudioDbContext db) return;
        var events = db.PendingEvents.ToList();
        db.PendingEvents.Clear();
        await Publish(events);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        TransactionCommittedAsync(transaction, eventData).GetAwaiter().GetResult();

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is StudioDbContext db) db.PendingEvents.Clear();
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is StudioDbContext db) db.PendingEvents.Clear();
    }
}
