using Studio.Domain.Organisation;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Tasks;

/// <summary>
/// What "a task in a branch" means wherever tasks are narrowed to the top bar's branch (task lists, reports, the dashboard):
/// a task about a client is in its client's branch; a task about no client (an internal errand, a call campaign) is in every branch one
/// of its executors works in. No branch (all branches): every task.
/// </summary>
public static class TaskBranches
{
    public static IQueryable<WorkTask> InBranch(this IQueryable<WorkTask> tasks, StudioDbContext db, Guid? branchId)
    {
        if (branchId is not { } b) return tasks;
        return tasks.Where(t =>
            (t.ClientId != null && db.Clients.Any(c => c.Id == t.ClientId && c.BranchId == b))
            || (t.ClientId == null && t.Executors.Any(e => db.Set<EmployeeBranch>().Any(x => x.EmployeeId == e.EmployeeId && x.BranchId == b))));
    }
}
