using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Organisation;

internal sealed class OrganisationConfiguration : IEntityTypeConfiguration<StudioOrganisation>
{
    public void Configure(EntityTypeBuilder<StudioOrganisation> b)
    {
        b.ToTable("Organisations");
        b.Versioned();
        b.Property(o => o.Name).HasMaxLength(StudioOrganisation.NameMax);
        b.Property(o => o.Country).HasMaxLength(2);
        b.Property(o => o.TimeZoneId).HasMaxLength(64);
    }
}

internal sealed class BranchConfiguration : IEntityTypeConfiguration<Branch>
{
    public void Configure(EntityTypeBuilder<Branch> b)
    {
        b.ToTable("Branches");
        b.Versioned();
        b.Property(x => x.Name).HasMaxLength(Branch.NameMax);
        b.Property(x => x.Address).HasMaxLength(Branch.AddressMax);
        b.Property(x => x.TimeZoneId).HasMaxLength(64);
    }
}

internal sealed class RoomConfiguration : IEntityTypeConfiguration<Room>
{
    public void Configure(EntityTypeBuilder<Room> b)
    {
        b.ToTable("Rooms");
        b.Versioned();
        b.Property(x => x.Name).HasMaxLength(Room.NameMax);
        b.HasOne<Branch>().WithMany().HasForeignKey(x => x.BranchId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.BranchId, x.Name }).IsUnique();
    }
}

internal sealed class EmployeeConfiguration : IEntityTypeConfiguration<Employee>
{
    public void Configure(EntityTypeBuilder<Employee> b)
    {
        b.ToTable("Employees");
        b.Versioned();
        b.Ignore(x => x.Initials);
        b.Property(x => x.FullName).HasMaxLength(Employee.NameMax);
        b.Property(x => x.Email).HasMaxLength(Employee.EmailMax);
        b.Property(x => x.CalendarKey).HasMaxLength(64);
        b.HasIndex(x => x.CalendarKey).IsUnique();
        b.HasIndex(x => x.Email).IsUnique();
        b.Property(x => x.Role).HasConversion<string>().HasMaxLength(Mapping.EnumMax);
        b.HasMany(x => x.Branches).WithOne().HasForeignKey(x => x.EmployeeId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(x => x.Branches).AutoInclude();
    }
}

internal sealed class EmployeeBranchConfiguration : IEntityTypeConfiguration<EmployeeBranch>
{
    public void Configure(EntityTypeBuilder<EmployeeBranch> b)
    {
        b.ToTable("EmployeeBranches");
        b.HasKey(x => new { x.EmployeeId, x.BranchId });
        b.HasOne<Branch>().WithMany().HasForeignKey(x => x.BranchId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ReassignmentConfiguration : IEntityTypeConfiguration<Reassignment>
{
    public void Configure(EntityTypeBuilder<Reassignment> b)
    {
        b.ToTable("Reassignments");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Item).HasConversion<string>().HasMaxLength(Mapping.EnumMax);
        b.HasIndex(x => new { x.ItemId, x.At });
    }
}
