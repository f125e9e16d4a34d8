using Microsoft.EntityFrameworkCore;
using Studio.Domain.Billing;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Billing;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using static Studio.Infrastructure.Schedule.LessonRules;

namespace Studio.Infrastructure.Schedule;

/// <summary>
/// The schedule's use cases. Every call re-reads the actor and checks their rights. Whatever puts
/// a lesson somewhere (book, move, restore, a series) runs in one transaction that first takes the
/// named locks of its teachers and room, then looks for clashes, then saves: of two managers booking
/// the same teacher or room at the same moment, exactly one wins and the other is told why.
/// </summary>
public sealed class ScheduleService(IDbContextFactory<StudioDbContext> factory, TimeProvider clock,
    ScheduleReads reads)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Everyone who works in the branch sees its schedule (a teacher's screens show their own lessons).</summary>
    public async Task EnsureCanViewAsync(Guid actorId, Guid branchId, CancellationToken ct = default)
    {
        var actor = await factory.ActorAsync(actorId, null, ct);
        actor.Require(Policy.SeeSchedule, Scope.Branch(actor, branchId));
    }

    /// <summary>
    /// A branch's lessons, types, teachers and rooms on some days, read once for one screen (a picker, not a live grid: those
    /// watch <see cref="ScheduleViews"/>). Refused unless the person works in the branch.
    /// </summary>
    public async Task<ScheduleSnapshot?> ReadRangeAsync(Guid actorId, ScheduleRange range, CancellationToken ct = default)
    {
        await EnsureCanViewAsync(actorId, range.BranchId, ct);
        return await reads.LoadRangeAsync(range.BranchId, range.From, range.Days, 0, ct);
    }

    // ---------- booking ----------

    /// <summary>What is in the way of a draft and what else happens then; nothing is saved.</summary>
    public Task<SlotCheck> CheckAsync(Guid actorId, LessonDraft draft, Guid? lessonId = null, CancellationToken ct = default) =>
        factory.ReadAsync<SlotCheck>(actorId, null, async (db, actor) =>
        {
            actor.Require(Policy.Schedule, Scope.Branch(actor, draft.BranchId));
            var (type, zone) = await TypeAndZoneAsync(db, draft.BranchId, draft.TypeId, ct);
            var slot = LessonSlot.At(draft.LocalStart, zone, draft.DurationMinutes ?? type.DurationMinutes, draft.RoomId, draft.TeacherId, draft.SecondTeacherId);
            var clashes = await FindClashesAsync(db, lessonId ?? Guid.Empty, slot, draft.ClientIds, ct);
            var around = await db.Lessons.AsNoTracking()
                .Where(l => l.BranchId == draft.BranchId && l.Status != LessonStatus.Cancelled && l.StartsAt < slot.EndsAt && l.EndsAt > slot.StartsAt && l.Id != lessonId)
                .OrderBy(l => l.StartsAt).Take(50).ToListAsync(ct);
            return new(await DescribeAsync(db, clashes, ct), await ScheduleReads.ViewsAsync(db, around, zone, ct));
        }, ct);

    /// <summary>Books a lesson. Refused with the clashes if a teacher or the room is taken or a teacher is away.</summary>
    public Task<Guid> BookAsync(Guid actorId, LessonDraft draft, CancellationToken ct = default) =>
        factory.RunInTransactionAsync(actorId, null, (db, actor) => BookInAsync(db, actor, draft, ct), ct);

    /// <summary>
    /// Books inside the caller's transaction (a call finished as "Booked a trial" books its lesson in the same unit of work);
    /// saves everything the context tracks.
    /// </summary>
    internal async Task<Guid> BookInAsync(StudioDbContext db, Employee actor, LessonDraft draft, CancellationToken ct)
    {
        actor.Require(Policy.Schedule, Scope.Branch(actor, draft.BranchId));
        var (type, zone) = await TypeAndZoneAsync(db, draft.BranchId, draft.TypeId, ct);
        if (type.IsArchived) throw new DomainException("Error.LessonType.Archived");
        await OpenBranches.CheckAsync(db, draft.BranchId, null, ct);
        var slot = LessonSlot.At(draft.LocalStart, zone, draft.DurationMinutes ?? type.DurationMinutes, draft.RoomId, draft.TeacherId, draft.SecondTeacherId);
        await CheckPlaceAsync(db, draft.BranchId, slot, ct);
        var clients = await ExistingClientsAsync(db, draft.ClientIds, ct);
        var lesson = new Lesson(draft.BranchId, type, slot, null, Now, actor.Id);
        foreach (var c in clients) lesson.AddParticipant(c);
        if (draft.Notes is not null) lesson.SetNotes(draft.Notes);
        await db.LockAsync(SlotLocks(slot), ct);
        await RefuseClashesAsync(db, lesson.Id, slot, clients, ct);
        db.Lessons.Add(lesson);
        await db.SaveChangesAsync(ct);
        return lesson.Id;
    }

    /// <summary>Moves one lesson (a drag, or the edit dialog): the same rules as booking. Returns the lesson's version after.</summary>
    public Task<Guid> MoveAsync(Guid actorId, LessonMove move, CancellationToken ct = default) =>
        factory.RunInTransactionAsync(actorId, null, async (db, actor) =>
        {
            var lesson = await ToEditAsync(db, actor, move.LessonId, move.ExpectedVersion, ct);
            await RescheduleAsync(db, lesson, move, ct);
            await db.SaveOrConflictAsync(ct);
            return lesson.Version;
        }, ct);

    /// <summary>
    /// Undo of a move: the lesson goes back (<paramref name="back"/>, expecting the version the move left), under the same
    /// rules; refused with <c>Error.Undo.ChangedSince</c> when someone moved or changed it since.
    /// </summary>
    public async Task UndoMoveAsync(Guid actorId, LessonMove back, CancellationToken ct = default)
    {
        try { await MoveAsync(actorId, back, ct); }
        catch (ConcurrencyConflictException) { throw new DomainException("Error.Undo.ChangedSince"); }
    }

    /// <summary>
    /// The lesson drawer's save: a new place and time (the same rules as <see cref="MoveAsync"/>) and the type, participants
    /// and notes (as <see cref="UpdateDetailsAsync"/>) in one transaction against one version — both or neither.
    /// </summary>
    public Task EditLessonAsync(Guid actorId, LessonMove move, Guid typeId, IReadOnlyList<Guid> clientIds, string? notes, CancellationToken ct = default) =>
        factory.RunInTransactionAsync(actorId, null, async (db, actor) =>
        {
            var lesson = await ToEditAsync(db, actor, move.LessonId, move.ExpectedVersion, ct);
            await RescheduleAsync(db, lesson, move, ct);
            await SetDetailsAsync(db, lesson, typeId, clientIds, notes, ct);
            await db.SaveOrConflictAsync(ct);
            return true;
        }, ct);

    /// <summary>Changes a single lesson's type, participants and notes (its place and time go through <see cref="MoveAsync"/>).</summary>
    public Task UpdateDetailsAsync(Guid actorId, Guid lessonId, Guid expectedVersion, Guid typeId, IReadOnlyList<Guid> clientIds, string? notes,
        CancellationToken ct = default) =>
        factory.RunInTransactionAsync(actorId, null, async (db, actor) =>
        {
            var lesson = await ToEditAsync(db, actor, lessonId, expectedVersion, ct);
            await SetDetailsAsync(db, lesson, typeId, clientIds, notes, ct);
            await db.SaveOrConflictAsync(ct);
            return true;
        }, ct);

    /// <summary>A lesson the person may schedule, as it was when they began editing it (a later change is a conflict).</summary>
    private static async Task<Lesson> ToEditAsync(StudioDbContext db, Employee actor, Guid lessonId, Guid expectedVersion, CancellationToken ct)
    {
        var lesson = await LessonAsync(db, lessonId, ct);
        actor.Require(Policy.Schedule, Scope.Branch(actor, lesson.BranchId));
        db.ExpectVersion(lesson, expectedVersion);
        return lesson;
    }

    /// <summary>A new place and time, by the same rules as booking: a real room of the branch, the slot locked, nobody in it twice.</summary>
    private async Task RescheduleAsync(StudioDbContext db, Lesson lesson, LessonMove move, CancellationToken ct)
    {
        var zone = await BranchZones.ZoneAsync(db, lesson.BranchId, ct);
        var slot = LessonSlot.At(move.LocalStart, zone, move.DurationMinutes, move.RoomId, move.TeacherId, move.SecondTeacherId);
        if (slot == lesson.Slot) return;
        await CheckPlaceAsync(db, lesson.BranchId, slot, ct);
        lesson.Reschedule(slot);
        await db.LockAsync(SlotLocks(slot), ct);
        await RefuseClashesAsync(db, lesson.Id, slot, lesson.Participants.Select(p => p.ClientId).ToList(), ct);
    }

    /// <summary>The lesson's type, participants and notes as the drawer sends them.</summary>
    private static async Task SetDetailsAsync(StudioDbContext db, Lesson lesson, Guid typeId, IReadOnlyList<Guid> clientIds, string? notes, CancellationToken ct)
    {
        if (lesson.TypeId != typeId)
            lesson.ChangeType(await db.LessonTypes.SingleOrDefaultAsync(t => t.Id == typeId, ct) ?? throw new NotFoundException());
        var wanted = await ExistingClientsAsync(db, clientIds, ct);
        foreach (var gone in lesson.Participants.Select(p => p.ClientId).Except(wanted).ToList()) lesson.RemoveParticipant(gone);
        foreach (var c in wanted) lesson.AddParticipant(c);
        lesson.SetNotes(notes);
    }

    /// <summary>Adds a client to a lesson; for a group, to every planned lesson of its series from this one on, and to the group.</summary>
    public Task AddParticipantAsync(Guid actorId, Guid lessonId, Guid clientId, EditScope scope, CancellationToken ct = default) =>
        ChangeParticipantsAsync(actorId, lessonId, [clientId], scope, add: true, ct);

    /// <summary>Adds several clients at once (the drawer's picker): all of them or, when one is refused, none.</summary>
    public Task AddParticipantsAsync(Guid actorId, Guid lessonId, IReadOnlyCollection<Guid> clientIds, EditScope scope, CancellationToken ct = default) =>
        ChangeParticipantsAsync(actorId, lessonId, clientIds, scope, add: true, ct);

    public Task RemoveParticipantAsync(Guid actorId, Guid lessonId, Guid clientId, EditScope scope, CancellationToken ct = default) =>
        ChangeParticipantsAsync(actorId, lessonId, [clientId], scope, add: false, ct);

    private Task ChangeParticipantsAsync(Guid actorId, Guid lessonId, IReadOnlyCollection<Guid> clientIds, EditScope scope, bool add, CancellationToken ct) =>
        factory.RunInTransactionAsync(actorId, null, async (db, actor) =>
        {
            var lesson = await LessonAsync(db, lessonId, ct);
            actor.Require(Policy.Schedule, Scope.Branch(actor, lesson.BranchId));
            var ids = clientIds.Distinct().ToList();
            if (add && await db.Clients.CountAsync(c => ids.Contains(c.Id) && c.MergedIntoId == null, ct) != ids.Count) throw new NotFoundException();
            var lessons = new List<Lesson> { lesson };
            if (scope == EditScope.ThisAndFollowing && lesson.SeriesId is { } seriesId)
            {
                var series = await db.LessonSeries.SingleAsync(s => s.Id == seriesId, ct);
                foreach (var clientId in ids)
                    if (add) series.AddClient(clientId); else series.RemoveClient(clientId);
                lessons.AddRange(await db.Lessons.Where(l => l.SeriesId == seriesId && l.Day > lesson.Day && l.Status == LessonStatus.Planned).ToListAsync(ct));
            }
            foreach (var l in lessons.Where(l => l.Status != LessonStatus.Held))
                foreach (var clientId in ids)
                    if (add) l.AddParticipant(clientId); else l.RemoveParticipant(clientId);
            await db.SaveOrConflictAsync(ct);
            return true;
        }, ct);

    // ---------- cancel and restore ----------

    /// <summary>
    /// Cancels with a reason; "this and following" also ends the group's series the day before. Returns what it did, for
    /// <see cref="UndoCancelAsync"/>.
    /// </summary>
    public Task<CancellationUndo> CancelAsync(Guid actorId, Guid lessonId, Guid expectedVersion, string reason, EditScope scope = EditScope.ThisLesson,
        CancellationToken ct = default) =>
        factory.RunInTransactionAsync(actorId, null, async (db, actor) =>
        {
            var lesson = await LessonAsync(db, lessonId, ct);
            actor.Require(Policy.Schedule, Scope.Branch(actor, lesson.BranchId));
            db.ExpectVersion(lesson, expectedVersion);
            var cancelled = lesson.Status == LessonStatus.Planned ? new List<Lesson> { lesson } : [];
            lesson.Cancel(reason, Now);
            (LessonSeries Series, DateOnly LastDay)? ended = null;
            if (scope == EditScope.ThisAndFollowing && lesson.SeriesId is { } seriesId)
            {
                var series = await db.LessonSeries.SingleAsync(s => s.Id == seriesId, ct);
                ended = (series, series.LastDay);
                series.EndOn(lesson.Day.AddDays(-1));
                foreach (var later in await db.Lessons.Where(l => l.SeriesId == seriesId && l.Day >= lesson.Day && l.Id != lesson.Id
                             && l.Status == LessonStatus.Planned).ToListAsync(ct))
                {
                    later.Cancel(reason, Now);
                    cancelled.Add(later);
                }
            }
            await db.SaveOrConflictAsync(ct); // the versions the undo will expect are the saved ones
            return new CancellationUndo(cancelled.Select(l => new CancelledLesson(l.Id, l.Version)).ToList(),
                ended?.Series.Id, ended?.LastDay, ended?.Series.Version);
        }, ct);

    /// <summary>
    /// Undo of a cancellation, "this and following" included: every lesson it cancelled comes back and the series runs to
    /// its old last day again, but only if the teachers and rooms are still free (a clash is named) and nobody changed
    /// those lessons or the series since (<c>Error.Undo.ChangedSince</c>). All of it or nothing.
    /// </summary>
    public async Task UndoCancelAsync(Guid actorId, CancellationUndo undo, CancellationToken ct = default)
    {
        try
        {
            await factory.RunInTransactionAsync(actorId, null, async (db, actor) =>
            {
                var ids = undo.Lessons.Select(l => l.LessonId).ToList();
                var lessons = await db.Lessons.Where(l => ids.Contains(l.Id)).ToListAsync(ct);
                if (lessons.Count != ids.Count) throw new NotFoundException();
                foreach (var branchId in lessons.Select(l => l.BranchId).Distinct()) actor.Require(Policy.Schedule, Scope.Branch(actor, branchId));
                foreach (var (id, version) in undo.Lessons)
                {
                    var lesson = lessons.Single(l => l.Id == id);
                    if (lesson.Version != version || lesson.Status != LessonStatus.Cancelled) throw new DomainException("Error.Undo.ChangedSince");
                    db.ExpectVersion(lesson, version);
                }
                if (undo is { SeriesId: { } seriesId, SeriesLastDay: { } lastDay, SeriesVersion: { } seriesVersion })
                {
                    var series = await db.LessonSeries.SingleOrDefaultAsync(s => s.Id == seriesId, ct) ?? throw new NotFoundException();
                    if (series.Version != seriesVersion) throw new DomainException("Error.Undo.ChangedSince");
                    db.ExpectVersion(series, seriesVersion);
                    series.RunUntil(lastDay);
                }
                await db.LockAsync(lessons.SelectMany(l => SlotLocks(l.Slot)), ct);
                foreach (var lesson in lessons.OrderBy(l => l.StartsAt))
                {
                    await RefuseClashesAsync(db, lesson.Id, lesson.Slot, lesson.Participants.Select(p => p.ClientId).ToList(), ct);
                    lesson.Restore();
                }
                await db.SaveOrConflictAsync(ct);
                return true;
            }, ct);
        }
        catch (ConcurrencyConflictException) { throw new DomainException("Error.Undo.ChangedSince"); } // changed between our read and our write
    }

    /// <summary>Undo of a cancellation: the lesson comes back only if its teachers and room are still free.</summary>
    public Task RestoreAsync(Guid actorId, Guid lessonId, CancellationToken ct = default) =>
        factory.RunInTransactionAsync(actorId, null, async (db, actor) =>
        {
            var lesson = await LessonAsync(db, lessonId, ct);
            actor.Require(Policy.Schedule, Scope.Branch(actor, lesson.BranchId));
            await db.LockAsync(SlotLocks(lesson.Slot), ct);
            await RefuseClashesAsync(db, lesson.Id, lesson.Slot, lesson.Participants.Select(p => p.ClientId).ToList(), ct);
            lesson.Restore();
            await db.SaveOrConflictAsync(ct);
            return true;
        }, ct);

    // ---------- held and attendance ----------

    /// <summary>
    /// "The lesson was held": who came, who is charged though absent, notes. Each visit that counts
    /// uses the client's oldest valid pass covering the type; with none it is recorded as owed.
    /// A lesson on a later day cannot be marked yet. Returns the lesson's version after, for the undo.
    /// </summary>
    public Task<Guid> MarkHeldAsync(Guid actorId, Guid lessonId, Guid expectedVersion, IReadOnlyCollection<AttendanceMark> marks, string? notes,
        CancellationToken ct = default) =>
        factory.RunInTransactionAsync(actorId, null, async (db, actor) =>
        {
            var lesson = await LessonAsync(db, lessonId, ct);
            actor.Require(Policy.MarkHeld, Scope.Of(actor, lesson));
            db.ExpectVersion(lesson, expectedVersion);
            await MarkInAsync(db, actor, lesson, marks, notes, ct);
            await db.SaveOrConflictAsync(ct);
            return lesson.Version;
        }, ct);

    /// <summary>
    /// One mark changed (a click in the group journal), by the same rules as <see cref="MarkHeldAsync"/>: a held lesson is unmarked
    /// and marked again with that one mark different (visits given back, then charged again), in one transaction; a lesson not yet
    /// held is marked held with this mark and the others absent, not charged. Returns the lesson's version after.
    /// </summary>
    public Task<Guid> SetAttendanceAsync(Guid actorId, Guid lessonId, Guid expectedVersion, AttendanceMark mark, CancellationToken ct = default) =>
        factory.RunInTransactionAsync(actorId, null, async (db, actor) =>
        {
            var lesson = await LessonAsync(db, lessonId, ct);
            actor.Require(Policy.MarkHeld, Scope.Of(actor, lesson));
            db.ExpectVersion(lesson, expectedVersion);
            if (lesson.Participants.All(p => p.ClientId != mark.ClientId)) throw new DomainException("Error.Lesson.NotParticipant");
            var marks = lesson.Participants.Select(p => p.ClientId == mark.ClientId ? mark
                : lesson.Status == LessonStatus.Held
                    ? new AttendanceMark(p.ClientId, p.Attendance == Attendance.Present, p.Attendance != Attendance.Present && (p.Visits > 0 || p.Owed))
                    : new AttendanceMark(p.ClientId, false, false)).ToList();
            if (lesson.Status == LessonStatus.Held) await UndoHeldInAsync(db, lesson, ct);
            await MarkInAsync(db, actor, lesson, marks, null, ct);
            await db.SaveOrConflictAsync(ct);
            return lesson.Version;
        }, ct);

    /// <summary>"Held" with these marks: the visits that count charged to the clients' passes (or owed). Saved by the caller.</summary>
    private async Task MarkInAsync(StudioDbContext db, Employee actor, Lesson lesson, IReadOnlyCollection<AttendanceMark> marks, string? notes, CancellationToken ct)
    {
        var zone = await BranchZones.ZoneAsync(db, lesson.BranchId, ct);
        if (lesson.Day > Zones.Today(Now, zone)) throw new DomainException("Error.Lesson.Future");
        var type = await db.LessonTypes.AsNoTracking().SingleAsync(t => t.Id == lesson.TypeId, ct);

        var clientIds = lesson.Participants.Select(p => p.ClientId).ToList();
        await db.LockAsync(clientIds.Select(PassLocks.For), ct);
        var frozen = (await db.ClientFreezes.AsNoTracking()
                .Where(f => clientIds.Contains(f.ClientId) && f.From <= lesson.Day && f.To >= lesson.Day)
                .Select(f => f.ClientId).ToListAsync(ct)).ToHashSet();
        var passes = await db.Passes.Where(p => clientIds.Contains(p.ClientId)).ToListAsync(ct);

        var counted = lesson.MarkHeld(marks, frozen, notes, Now, actor.Id);
        VisitCharging.Charge(counted, type.Id, lesson.Day, type.VisitsUsed,
            passes.GroupBy(p => p.ClientId).ToDictionary(g => g.Key, g => g.ToList()));
    }

    /// <summary>Undo of "held": the lesson is planned again and every visit it used goes back to its pass.</summary>
    public Task UndoHeldAsync(Guid actorId, Guid lessonId, CancellationToken ct = default) => UndoHeldAsync(actorId, lessonId, null, ct);

    /// <summary>
    /// The snackbar's undo of "held", against the version the marking left (<paramref name="heldVersion"/>): refused with
    /// <c>Error.Undo.ChangedSince</c> when someone changed the lesson since (its notes, say).
    /// </summary>
    public async Task UndoHeldAsync(Guid actorId, Guid lessonId, Guid heldVersion, CancellationToken ct = default)
    {
        try { await UndoHeldAsync(actorId, lessonId, (Guid?)heldVersion, ct); }
        catch (ConcurrencyConflictException) { throw new DomainException("Error.Undo.ChangedSince"); }
    }

    private Task UndoHeldAsync(Guid actorId, Guid lessonId, Guid? heldVersion, CancellationToken ct) =>
        factory.RunInTransactionAsync(actorId, null, async (db, actor) =>
        {
            var lesson = await LessonAsync(db, lessonId, ct);
            actor.Require(Policy.MarkHeld, Scope.Of(actor, lesson));
            if (heldVersion is { } v) db.ExpectVersion(lesson, v);
            await UndoHeldInAsync(db, lesson, ct);
            await db.SaveOrConflictAsync(ct);
            return true;
        }, ct);

    /// <summary>Back to planned, every visit the lesson used given back to its pass. Saved by the caller.</summary>
    private static async Task UndoHeldInAsync(StudioDbContext db, Lesson lesson, CancellationToken ct)
    {
        await db.LockAsync(lesson.Participants.Select(p => PassLocks.For(p.ClientId)), ct);
        var refunds = lesson.UndoHeld();
        var passIds = refunds.Where(r => r.PassId is not null).Select(r => r.PassId!.Value).ToList();
        var passes = await db.Passes.Where(p => passIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        foreach (var (_, passId, visits) in refunds)
            if (passId is { } id && passes.TryGetValue(id, out var pass)) pass.GiveBack(visits);
    }

    /// <summary>Notes on a lesson, held or not (the teacher's own too).</summary>
    public Task SetNotesAsync(Guid actorId, Guid lessonId, Guid expectedVersion, string? notes, CancellationToken ct = default) =>
        factory.RunInTransactionAsync(actorId, null, async (db, actor) =>
        {
            var lesson = await LessonAsync(db, lessonId, ct);
            actor.Require(Policy.MarkHeld, Scope.Of(actor, lesson));
            db.ExpectVersion(lesson, expectedVersion);
            lesson.SetNotes(notes);
            await db.SaveOrConflictAsync(ct);
            return true;
        }, ct);

    // ---------- reading ----------

    public Task<LessonDetails> GetLessonAsync(Guid actorId, Guid lessonId, CancellationToken ct = default) =>
        factory.ReadAsync<LessonDetails>(actorId, null, async (db, actor) =>
        {
            var lesson = await db.Lessons.AsNoTracking().AsSingleQuery().SingleOrDefaultAsync(l => l.Id == lessonId, ct) ?? throw new NotFoundException();
            actor.Require(Policy.SeeLesson, Scope.Of(actor, lesson));
            var zone = await BranchZones.ZoneAsync(db, lesson.BranchId, ct);
            var view = (await ScheduleReads.ViewsAsync(db, [lesson], zone, ct))[0];
            var names = await db.Employees.AsNoTracking().IgnoreAutoIncludes()
                .Where(e => e.Id == lesson.CreatedById || e.Id == lesson.HeldById).ToDictionaryAsync(e => e.Id, e => e.FullName, ct);
            return new(view, lesson.HeldAt, lesson.HeldById is { } h ? names.GetValueOrDefault(h) : null, lesson.CreatedAt,
                names.GetValueOrDefault(lesson.CreatedById) ?? "", actor.Can(Policy.Schedule, Scope.Branch(actor, lesson.BranchId)), actor.Can(Policy.MarkHeld, Scope.Of(actor, lesson)));
        }, ct);

    /// <summary>A teacher's lessons on one local day across their branches: the tablet's "my day".</summary>
    public Task<IReadOnlyList<LessonView>> TeacherDayAsync(Guid actorId, Guid teacherId, DateOnly day, CancellationToken ct = default) =>
        factory.ReadAsync<IReadOnlyList<LessonView>>(actorId, null, async (db, actor) =>
        {
            actor.Require(Policy.SeeTeacherDay, Scope.Own(actor, teacherId));
            var lessons = await db.Lessons.AsNoTracking()
                .Where(l => l.Day == day && (l.TeacherId == teacherId || l.SecondTeacherId == teacherId))
                .OrderBy(l => l.StartsAt).ToListAsync(ct);
            return await ViewsAcrossBranchesAsync(db, lessons, ct);
        }, ct);

    /// <summary>Views of lessons from any branches, each in its branch's time zone, in time order.</summary>
    private static async Task<IReadOnlyList<LessonView>> ViewsAcrossBranchesAsync(StudioDbContext db, IReadOnlyList<Lesson> lessons, CancellationToken ct)
    {
        var views = new List<LessonView>();
        foreach (var g in lessons.GroupBy(l => l.BranchId))
            views.AddRange(await ScheduleReads.ViewsAsync(db, g.ToList(), await BranchZones.ZoneAsync(db, g.Key, ct), ct));
        return views.OrderBy(v => v.StartsAt).ToList();
    }

    /// <summary>The branch's local "today" (teachers' tablets and the grid open on it).</summary>
    public async Task<DateOnly> TodayAsync(Guid branchId, CancellationToken ct = default)
    {
        await using var db = factory.CreateDbContext();
        return Zones.Today(Now, await BranchZones.ZoneAsync(db, branchId, ct));
    }

    /// <summary>A lesson with its participants, tracked for change, or not found.</summary>
    private static async Task<Lesson> LessonAsync(StudioDbContext db, Guid lessonId, CancellationToken ct) =>
        await db.Lessons.AsSingleQuery().SingleOrDefaultAsync(l => l.Id == lessonId, ct) ?? throw new NotFoundException();

    // ---------- calendar feed ----------

    /// <summary>The employee's secret calendar key, made on first use; <paramref name="rotate"/> makes a new one (the old address stops).</summary>
    public Task<string> CalendarKeyAsync(Guid actorId, Guid employeeId, bool rotate = false, CancellationToken ct = default) =>
        factory.RunAsync<string>(actorId, null, async (db, actor) =>
        {
            actor.Require(Policy.ManageAbsences, Scope.Own(actor, employeeId));
            var employee = await db.Employees.SingleOrDefaultAsync(e => e.Id == employeeId, ct) ?? throw new NotFoundException();
            if (employee.CalendarKey is { } key && !rotate) return key;
            var fresh = employee.RotateCalendarKey();
            await db.SaveChangesAsync(ct);
            return fresh;
        }, ct);

    /// <summary>The lessons a calendar feed shows: 30 days back, 120 ahead. Null if the key is unknown or the account disabled.</summary>
    public async Task<(string Name, IReadOnlyList<LessonView> Lessons)?> CalendarAsync(string key, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 64) return null;
        await using var db = factory.CreateDbContext();
        var employee = await db.Employees.AsNoTracking().SingleOrDefaultAsync(e => e.CalendarKey == key, ct);
        if (employee is not { IsActive: true }) return null;
        var (from, to) = (Now.AddDays(-30), Now.AddDays(120));
        var lessons = await db.Lessons.AsNoTracking()
            .Where(l => (l.TeacherId == employee.Id || l.SecondTeacherId == employee.Id) && l.StartsAt >= from && l.StartsAt < to)
            .OrderBy(l => l.StartsAt).Take(2000).ToListAsync(ct);
        return (employee.FullName, await ViewsAcrossBranchesAsync(db, lessons, ct));
    }
}
