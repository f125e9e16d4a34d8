using Studio.Domain.Organisation;
using Studio.Infrastructure.Organisation;

namespace Studio.Tests.Services.Organisation;

/// <summary>
/// The rights table, written out the way DOMAIN.md says it: for every policy, who may do it as owner, manager and
/// teacher, and on what condition. Each row is checked against every combination of board membership, branch and
/// "their own", so a policy that lets one more person in (or one fewer) fails here.
/// </summary>
public sealed class AccessTableTests
{
    /// <summary>When a role is allowed: always, never, or only as a member / in the branch / on their own thing.</summary>
    public enum Rule { All, None, Member, Branch, Self, BranchOrSelf }

    private static bool Expected(Rule rule, Scope s) => rule switch
    {
        Rule.All => true,
        Rule.None => false,
        Rule.Member => s.Member,
        Rule.Branch => s.InBranch,
        Rule.Self => s.Self,
        Rule.BranchOrSelf => s.InBranch || s.Self,
        _ => throw new ArgumentOutOfRangeException(nameof(rule)),
    };

    public static readonly TheoryData<Policy, Rule, Rule, Rule> Table = new()
    {
        //                         owner     manager            teacher
        { Policy.Settings,         Rule.All, Rule.None,         Rule.None },
        { Policy.ManageStaff,      Rule.All, Rule.None,         Rule.None },
        { Policy.EditBoards,       Rule.All, Rule.None,         Rule.None },
        { Policy.SeeBoard,         Rule.All, Rule.Member,       Rule.None },
        { Policy.SeeClients,       Rule.All, Rule.All,          Rule.None },
        { Policy.MergeClients,     Rule.All, Rule.None,         Rule.None },
        { Policy.Sell,             Rule.All, Rule.All,          Rule.None },
        { Policy.RefundPayments,   Rule.All, Rule.None,         Rule.None },
        { Policy.ReadReports,      Rule.All, Rule.All,          Rule.None },
        { Policy.ReadStaffReport,  Rule.All, Rule.Self,         Rule.None },
        { Policy.SeeDashboard,     Rule.All, Rule.None,         Rule.None },
        { Policy.SeeSchedule,      Rule.All, Rule.Branch,       Rule.Branch },
        { Policy.Schedule,         Rule.All, Rule.Branch,       Rule.None },
        { Policy.SeeLesson,        Rule.All, Rule.Branch,       Rule.Self },
        { Policy.MarkHeld,         Rule.All, Rule.BranchOrSelf, Rule.Self },
        { Policy.SeeTeacherDay,    Rule.All, Rule.All,          Rule.Self },
        { Policy.ManageAbsences,   Rule.All, Rule.Self,         Rule.Self },
        { Policy.SeeAllTasks,      Rule.All, Rule.All,          Rule.None },
        { Policy.EditTask,         Rule.All, Rule.Self,         Rule.Self },
        { Policy.SeeStudio,        Rule.All, Rule.All,          Rule.All },
    };

    private static IEnumerable<Scope> EveryScope() =>
        from member in new[] { false, true }
        from branch in new[] { false, true }
        from self in new[] { false, true }
        select new Scope(member, branch, self);

    [Theory, MemberData(nameof(Table))]
    public void Allows_EveryRoleAndScope_MatchesTheTable(Policy policy, Rule owner, Rule manager, Rule teacher)
    {
        var wrong = (
            from role in new[] { (EmployeeRole.Owner, owner), (EmployeeRole.Manager, manager), (EmployeeRole.Teacher, teacher) }
            from scope in EveryScope()
            let expected = Expected(role.Item2, scope)
            where Access.Allows(role.Item1, policy, scope) != expected
            select $"{role.Item1} {scope}: expected {expected}").ToList();

        Assert.Empty(wrong);
    }

    [Fact]
    public void Table_NamesEveryPolicy()
    {
        var inTable = Table.Select(row => (Policy)row.Data.Item1).ToHashSet();

        Assert.Equal(Enum.GetValues<Policy>().Order(), inTable.Order());
    }
}
