using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Domain.Schedule;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Tasks;
using Studio.Tests.Infrastructure;
using Studio.Infrastructure.Clients;

namespace Studio.Tests.Services.Organisation;

/// <summary>
/// One unique-name rule with one answer on every database, Cyrillic included: each place that keeps names unique refuses
/// "йога" once "Йога" is there (SQLite's lower() folds only ASCII, so a SQL comparison let it through there and not on
/// PostgreSQL), and still takes a name that only looks alike.
/// </summary>
public sealed class UniqueNamesTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Each place that keeps names unique: saves one entry by name and answers its id.</summary>
    private static readonly Dictionary<string, Func<TestStudio, Guid, string, Task>> Places = new()
    {
        ["lesson type"] = (s, owner, name) => s.LessonTypes.SaveTypeAsync(owner, null, null, name, 60, LessonKind.Group, false, "#42A5F5", 1, Ct),
        ["pass plan"] = async (s, owner, name) =>
            await s.Billing.SavePlanAsync(owner, null, null, name, 8, 30, 1200m, [await s.AddLessonTypeAsync(owner)], Ct),
        ["task template"] = (s, owner, name) => s.Services.GetRequiredService<TaskTemplateService>().CreateAsync(owner, name, TaskKind.Client, null, Ct),
        ["tag"] = (s, owner, name) => s.Services.GetRequiredService<DictionaryService>().CreateTagAsync(owner, name, "#FFB300", Ct),
        ["lead source"] = (s, owner, name) => s.Services.GetRequiredService<DictionaryService>().CreateSourceAsync(owner, name, Ct),
        ["room"] = (s, owner, name) => s.Organisation.SaveRoomAsync(owner, s.BranchId, null, Guid.Empty, name, 10, Ct),
    };

    public static TheoryData<DatabaseProvider, string> Cases()
    {
        var data = new TheoryData<DatabaseProvider, string>();
        foreach (var provider in DatabaseDataAttribute.Providers)
            foreach (var place in Places.Keys) data.Add(provider, place);
        return data;
    }

    [Theory, MemberData(nameof(Cases))]
    public async Task Save_SameCyrillicNameInOtherCase_RefusedAsDuplicateOnEveryDatabase(DatabaseProvider provider, string place)
    {
        await using var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var save = Places[place];
        await save(studio, owner, "Йога");

        foreach (var twin in new[] { "йога", " ЙОГА " })
        {
            var ex = await Assert.ThrowsAsync<DomainException>(() => save(studio, owner, twin));
            Assert.Equal(("Error.Duplicate", twin.Trim()), (ex.Code, ex.Args.Single()));
        }

        await save(studio, owner, "Йога 2"); // a different name is still taken
    }

    [Fact]
    public void Same_AnyCaseAnyAlphabetTrimmed_OnlyTheSameName()
    {
        Assert.True(UniqueNames.Same("Їжачок Ґава", " їжачок ґава "));
        Assert.True(UniqueNames.Same("VIP", "vip"));
        Assert.False(UniqueNames.Same("Йога", "Иога"));
        Assert.False(UniqueNames.Same("Yoga", "Уога")); // Latin and Cyrillic letters that look alike are different names
    }
}
