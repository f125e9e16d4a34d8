using Studio.Domain.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Billing;

/// <summary>
/// The studio the billing service tests start from, on the database given: an owner, a manager and a teacher, a room, a group
/// lesson type, an "8 visits" plan for it (30 days, 1,200) and a client. Dispose <see cref="Studio"/> with the test.
/// </summary>
internal sealed record BillingSetup(TestStudio Studio, Guid Owner, Guid Manager, Guid Teacher, Guid Room, Guid Group, Guid Plan, Guid Client)
{
    /// <summary>A good of the catalogue when the test added one ("T-shirt" at 450, say).</summary>
    public Guid Shirt { get; init; }

    public static async Task<BillingSetup> ArrangeAsync(Databases databases, DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager);
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var room = await studio.AddRoomAsync(owner);
        var group = await studio.AddLessonTypeAsync(owner);
        var plan = await studio.Billing.SavePlanAsync(owner, null, null, "8 visits", 8, 30, 1200m, [group], ct);
        var client = await studio.AddClientAsync(manager);
        return new(studio, owner, manager, teacher, room, group, plan, client);
    }
}
