using Studio.Domain.Common;
using Studio.Domain.Organisation;

namespace Studio.Tests.Domain.Organisation;

/// <summary>A refused update changes nothing: every value is checked before any is set.</summary>
public sealed class BranchAndEmployeeTests
{
    [Fact]
    public void BranchUpdate_BadTimeZoneAfterGoodName_NothingChanges()
    {
        var branch = new Branch("Podil", "Sahaidachnoho 25", "Europe/Kyiv");

        Assert.Throws<DomainException>(() => branch.Update("Obolon", "Heroiv 8", ""));

        Assert.Equal(("Podil", "Sahaidachnoho 25", "Europe/Kyiv"), (branch.Name, branch.Address, branch.TimeZoneId));
    }

    [Fact]
    public void RoomUpdate_NegativeCapacity_NameUnchanged()
    {
        var room = new Room(Guid.NewGuid(), "Hall 1", 20);

        Assert.Throws<DomainException>(() => room.Update("Big hall", -1));

        Assert.Equal(("Hall 1", 20), (room.Name, room.Capacity));
    }

    [Fact]
    public void EmployeeUpdate_EmptyName_RoleAndBranchesUnchanged()
    {
        var branch = Guid.NewGuid();
        var employee = new Employee(Guid.NewGuid(), "Anna Koval", "anna@studio.test", EmployeeRole.Manager, [branch]);

        Assert.Throws<DomainException>(() => employee.Update(" ", EmployeeRole.Owner, []));

        Assert.Equal(("Anna Koval", EmployeeRole.Manager), (employee.FullName, employee.Role));
        Assert.Equal([branch], employee.Branches.Select(b => b.BranchId));
    }
}
