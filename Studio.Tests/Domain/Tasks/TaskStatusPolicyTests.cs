using Studio.Domain.Tasks;

namespace Studio.Tests.Domain.Tasks;

/// <summary>The status policy, every (role, from, to) pair against a table written out by hand from DOMAIN.md.</summary>
public sealed class TaskStatusPolicyTests
{
    // Columns (to) and rows (from) in this order: New, Read, InProgress, Done, Clarification, NotAccepted, Closed, Cancelled.
    // 'x' = may set; '.' = may not (the diagonal is never a change).
    private static readonly Dictionary<TaskRole, string[]> Table = new()
    {
        [TaskRole.Author] =
        [
            "....x..x", // New
            "x...x..x", // Read
            "x...x..x", // InProgress
            "x...xxxx", // Done: the author checks it — Not accepted or Closed
            "x......x", // Clarification
            "x...x..x", // NotAccepted
            "x...x..x", // Closed
            "x...x...", // Cancelled
        ],
        [TaskRole.Executor] =
        [
            ".xxxx...",
            "x.xxx...",
            "xx.xx...",
            "xxx.x...",
            "xxxx....",
            "xxxxx...",
            "........", // closed by the author: not the executor's to reopen
            "........",
        ],
        [TaskRole.AuthorExecutor] =
        [
            ".xxxx.xx", // may close directly
            "x.xxx.xx",
            "xx.xx.xx",
            "xxx.xxxx",
            "xxxx..xx",
            "xxxxx.xx",
            "x...x..x",
            "x...x.x.",
        ],
        [TaskRole.Other] = [.. Enumerable.Repeat("........", 8)],
    };

    public static TheoryData<TaskRole, TaskState, TaskState, bool> Pairs()
    {
        var data = new TheoryData<TaskRole, TaskState, TaskState, bool>();
        var states = Enum.GetValues<TaskState>();
        foreach (var (role, rows) in Table)
            for (var f = 0; f < states.Length; f++)
                for (var t = 0; t < states.Length; t++)
                    data.Add(role, states[f], states[t], rows[f][t] == 'x');
        return data;
    }

    [Theory, MemberData(nameof(Pairs))]
    public void CanSet_EveryRoleFromTo_AsTheTableSays(TaskRole role, TaskState from, TaskState to, bool allowed) =>
        Assert.Equal(allowed, TaskStatusPolicy.CanSet(role, from, to));

    [Fact]
    public void Table_CoversEveryRoleAndState() =>
        Assert.Equal(Enum.GetValues<TaskRole>().Length * 64, Pairs().Count);

    [Theory]
    [InlineData(true, TaskState.Read)]
    [InlineData(false, TaskState.New)]
    public void Initial_ReadWhenTheAuthorDoesItThemself_NewOtherwise(bool executorIsAuthor, TaskState expected) =>
        Assert.Equal(expected, TaskStatusPolicy.Initial(executorIsAuthor));

    [Fact]
    public void Choices_AuthorOfADoneTask_CanAcceptRejectAskOrCancel() =>
        Assert.Equal([TaskState.New, TaskState.Clarification, TaskState.NotAccepted, TaskState.Closed, TaskState.Cancelled],
            TaskStatusPolicy.Choices(TaskRole.Author, TaskState.Done));
}
