using Microsoft.EntityFrameworkCore;
using Studio.Domain.Organisation;
using Studio.Domain.Pipelines;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Organisation;

/// <summary>
/// What an employee may do, each named for what it allows. The whole rights model is <see cref="Access.Allows"/>:
/// one table of role × <see cref="Scope"/> → allowed. Services check it (<see cref="Access.Require"/>), pages use
/// the same table to hide what would be refused.
/// </summary>
public enum Policy
{
    /// <summary>The studio's settings and dictionaries: organisation, branches, rooms, sources, tags, statuses,
    /// custom fields, lesson types, pass plans and goods, task templates. Owner.</summary>
    Settings,
    /// <summary>Employees and their sign-in accounts. Owner.</summary>
    ManageStaff,
    /// <summary>Creating, changing and archiving boards and their stages. Owner.</summary>
    EditBoards,
    /// <summary>A board and its deals: the owner every board, a manager the boards they are a member of.</summary>
    SeeBoard,
    /// <summary>Clients (lists, cards, search, duplicates, import, freezes) and their changes. Owner and managers.</summary>
    SeeClients,
    /// <summary>Merging two clients into one. Owner.</summary>
    MergeClients,
    /// <summary>Selling passes and goods, taking payments. Owner and managers.</summary>
    Sell,
    /// <summary>Voiding a payment or refunding money from it (with a reason). Owner: taking money back is the owner's call.</summary>
    RefundPayments,
    /// <summary>The reports (boards, funnel, general, staff). Owner and managers.</summary>
    ReadReports,
    /// <summary>Another employee's staff report (<see cref="Scope.Self"/>: their own). The owner anyone's, a manager their own.</summary>
    ReadStaffReport,
    /// <summary>The owner's dashboard. Owner.</summary>
    SeeDashboard,
    /// <summary>A branch's schedule: whoever works in it (the owner everywhere).</summary>
    SeeSchedule,
    /// <summary>Booking, moving and cancelling lessons and series: the owner anywhere, a manager in their branches.</summary>
    Schedule,
    /// <summary>One lesson: a teacher their own, the owner and managers the lessons of their branches.</summary>
    SeeLesson,
    /// <summary>Marking a lesson held (and its notes): its own teacher, or whoever may schedule its branch.</summary>
    MarkHeld,
    /// <summary>A teacher's day: the teacher themselves, the owner and managers.</summary>
    SeeTeacherDay,
    /// <summary>An employee's absences and calendar feed: their own; the owner everyone's.</summary>
    ManageAbsences,
    /// <summary>Every task of the studio and call campaigns (not only one's own). Owner and managers.</summary>
    SeeAllTasks,
    /// <summary>Changing a task's content: its author, or the owner.</summary>
    EditTask,
    /// <summary>The studio's directory: branches, rooms, colleagues, dictionary names. Every active employee.</summary>
    SeeStudio,
}

/// <summary>
/// What a policy is asked about, seen from the actor: <see cref="Member"/> of the board, works in the
/// <see cref="InBranch">branch</see>, the thing is their <see cref="Self">own</see> (their lesson, absence, task, record).
/// </summary>
public readonly record struct Scope(bool Member = false, bool InBranch = false, bool Self = false)
{
    public static Scope Of(Employee actor, Board board) => new(Member: board.IsMember(actor.Id));

    public static Scope Of(Employee actor, Lesson lesson) => new(InBranch: actor.WorksIn(lesson.BranchId), Self: lesson.HasTeacher(actor.Id));

    public static Scope Branch(Employee actor, Guid branchId) => new(InBranch: actor.WorksIn(branchId));

    /// <summary>About an employee (<paramref name="employeeId"/>): the actor's own when it is them.</summary>
    public static Scope Own(Employee actor, Guid employeeId) => new(Self: actor.Id == employeeId);
}

/// <summary>The rights rules, checked by every use case on the server.</summary>
public static class Access
{
    /// <summary>
    /// The rights table: may an employee of <paramref name="role"/> do <paramref name="policy"/> in <paramref name="scope"/>?
    /// The owner may do everything; a manager works with clients, the boards they are a member of and the schedule of
    /// their branches; a teacher their own lessons, absences and tasks.
    /// </summary>
    public static bool Allows(EmployeeRole role, Policy policy, Scope scope = default) => (role, policy) switch
    {
        (EmployeeRole.Owner, _) => true,
        (_, Policy.SeeStudio) => true,
        (_, Policy.SeeSchedule) => scope.InBranch,
        (_, Policy.ManageAbsences or Policy.EditTask) => scope.Self,
        (EmployeeRole.Manager, Policy.SeeBoard) => scope.Member,
        (EmployeeRole.Manager, Policy.SeeClients or Policy.Sell or Policy.ReadReports or Policy.SeeAllTasks or Policy.SeeTeacherDay) => true,
        (EmployeeRole.Manager, Policy.ReadStaffReport) => scope.Self,
        (EmployeeRole.Manager, Policy.Schedule or Policy.SeeLesson) => scope.InBranch,
        (EmployeeRole.Manager, Policy.MarkHeld) => scope.InBranch || scope.Self,
        (EmployeeRole.Teacher, Policy.SeeLesson or Policy.MarkHeld or Policy.SeeTeacherDay) => scope.Self,
        _ => false,
    };

    public static bool Can(this Employee actor, Policy policy, Scope scope = default) => Allows(actor.Role, policy, scope);

    /// <summary>The one check services make: refused with <see cref="AccessDeniedException"/> unless the table allows it.</summary>
    public static void Require(this Employee actor, Policy policy, Scope scope = default)
    {
        if (!actor.Can(policy, scope)) throw new AccessDeniedException();
    }

    /// <summary>The acting employee, fresh from the database: a disabled account can do nothing.</summary>
    public static async Task<Employee> ActorAsync(this StudioDbContext db, Guid actorId, CancellationToken ct = default)
    {
        var actor = await db.Employees.AsNoTracking().SingleOrDefaultAsync(e => e.Id == actorId, ct);
        return actor is { IsActive: true } ? actor : throw new AccessDeniedException();
    }

    /// <summary>The acting employee, fresh and active, allowed <paramref name="policy"/> (a policy that needs no scope).</summary>
    public static async Task<Employee> ActorAsync(this StudioDbContext db, Guid actorId, Policy policy, CancellationToken ct = default)
    {
        var actor = await db.ActorAsync(actorId, ct);
        actor.Require(policy);
        return actor;
    }
}
