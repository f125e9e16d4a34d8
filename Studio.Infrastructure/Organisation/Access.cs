using Microsoft.EntityFrameworkCore;
using Studio.Domain.Organisation;
using Studio.Domain.Pipelines;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Organisation;

/// <summary>The rights rules, checked by every use case on the server.</summary>
public static class Access
{
    /// <summary>The acting employee, fresh from the database: a disabled account can do nothing.</summary>
    public static async Task<Employee> ActorAsync(this StudioDbContext db, Guid actorId, CancellationToken ct = default)
    {
        var actor = await db.Employees.AsNoTracking().SingleOrDefaultAsync(e => e.Id == actorId, ct);
        return actor is { IsActive: true } ? actor : throw new AccessDeniedException();
    }

    public static void RequireOwner(this Employee actor)
    {
        if (actor.Role != EmployeeRole.Owner) throw new AccessDeniedException();
    }

    /// <summary>The owner sees every board; a manager only the boards they are a member of; a teacher none.</summary>
    public static bool CanSeeBoard(Employee actor, Board board) =>
        actor.Role == EmployeeRole.Owner || (actor.Role == EmployeeRole.Manager && board.IsMember(actor.Id));

    public static bool CanSeeBoard(Guid employeeId, EmployeeRole role, IReadOnlySet<Guid> memberIds) =>
        role == EmployeeRole.Owner || (role == EmployeeRole.Manager && memberIds.Contains(employeeId));

    public static void RequireBoard(this Employee actor, Board board)
    {
        if (!CanSeeBoard(actor, board)) throw new AccessDeniedException();
    }
}
