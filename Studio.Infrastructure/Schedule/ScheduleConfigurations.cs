using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Studio.Domain.Billing;
using Studio.Domain.Clients;
using Studio.Domain.Organisation;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Schedule;

internal sealed class LessonTypeConfiguration : IEntityTypeConfiguration<LessonType>
{
    public void Configure(EntityTypeBuilder<LessonType> b)
    {
        b.ToTable("LessonTypes");
        b.Versioned();
        b.Property(x => x.Name).HasMaxLength(LessonType.NameMax);
        b.Property(x => x.Colour).HasMaxLength(Domain.Common.Colour.MaxLength);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(Mapping.EnumMax);
        b.Ignore(x => x.IsGroup);
    }
}

internal sealed class LessonConfiguration : IEntityTypeConfiguration<Lesson>
{
    public void Configure(EntityTypeBuilder<Lesson> b)
    {
        b.ToTable("Lessons");
        b.Versioned();
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(Mapping.EnumMax);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(Mapping.EnumMax);
        b.Property(x => x.Notes).HasMaxLength(Lesson.NotesMax);
        b.Property(x => x.CancelReason).HasMaxLength(Lesson.ReasonMax);
        b.Ignore(x => x.Slot);
        b.Ignore(x => x.Teachers);
        b.HasOne<Branch>().WithMany().HasForeignKey(x => x.BranchId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<LessonType>().WithMany().HasForeignKey(x => x.TypeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Room>().WithMany().HasForeignKey(x => x.RoomId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Employee>().WithMany().HasForeignKey(x => x.TeacherId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Employee>().WithMany().HasForeignKey(x => x.SecondTeacherId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<LessonSeries>().WithMany().HasForeignKey(x => x.SeriesId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(x => x.Participants).WithOne().HasForeignKey(p => p.LessonId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(x => x.Participants).AutoInclude();
        b.HasIndex(x => new { x.BranchId, x.Day });
        b.HasIndex(x => new { x.TeacherId, x.StartsAt });
        b.HasIndex(x => new { x.SecondTeacherId, x.StartsAt });
        b.HasIndex(x => new { x.RoomId, x.StartsAt });
        b.HasIndex(x => new { x.SeriesId, x.Day });
    }
}

internal sealed class LessonParticipantConfiguration : IEntityTypeConfiguration<LessonParticipant>
{
    public void Configure(EntityTypeBuilder<LessonParticipant> b)
    {
        b.ToTable("LessonParticipants");
        b.HasKey(x => new { x.LessonId, x.ClientId });
        b.Property(x => x.Attendance).HasConversion<string>().HasMaxLength(Mapping.EnumMax);
        b.HasOne<Client>().WithMany().HasForeignKey(x => x.ClientId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Pass>().WithMany().HasForeignKey(x => x.PassId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.ClientId);
        b.HasIndex(x => x.PassId);
    }
}

internal sealed class LessonSubstitutionConfiguration : IEntityTypeConfiguration<LessonSubstitution>
{
    public void Configure(EntityTypeBuilder<LessonSubstitution> b)
    {
        b.ToTable("LessonSubstitutions");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Reason).HasMaxLength(LessonSubstitution.ReasonMax);
        b.HasOne<Lesson>().WithMany().HasForeignKey(x => x.LessonId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Employee>().WithMany().HasForeignKey(x => x.FromTeacherId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Employee>().WithMany().HasForeignKey(x => x.ToTeacherId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Employee>().WithMany().HasForeignKey(x => x.ById).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.LessonId, x.At });
    }
}

internal sealed class LessonSeriesConfiguration : IEntityTypeConfiguration<LessonSeries>
{
    public void Configure(EntityTypeBuilder<LessonSeries> b)
    {
        b.ToTable("LessonSeries");
        b.Versioned();
        b.Property(x => x.Name).HasMaxLength(LessonSeries.NameMax);
        b.Property(x => x.TimeZoneId).HasMaxLength(64);
        b.Property<List<string>>("_pattern").HasColumnName("Pattern").AsJson();
        b.Property<List<string>>("_clients").HasColumnName("ClientIds").AsJson().HasMaxLength(16000);
        b.Ignore(x => x.Pattern);
        b.Ignore(x => x.ClientIds);
        b.HasOne<Branch>().WithMany().HasForeignKey(x => x.BranchId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<LessonType>().WithMany().HasForeignKey(x => x.TypeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Room>().WithMany().HasForeignKey(x => x.RoomId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Employee>().WithMany().HasForeignKey(x => x.TeacherId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Employee>().WithMany().HasForeignKey(x => x.SecondTeacherId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class StaffAbsenceConfiguration : IEntityTypeConfiguration<StaffAbsence>
{
    public void Configure(EntityTypeBuilder<StaffAbsence> b)
    {
        b.ToTable("StaffAbsences");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Ignore("DomainEvents");
        b.Ignore(x => x.Days);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(Mapping.EnumMax);
        b.Property(x => x.Reason).HasMaxLength(StaffAbsence.ReasonMax);
        b.Property(x => x.TimeZoneId).HasMaxLength(64);
        b.HasOne<Employee>().WithMany().HasForeignKey(x => x.EmployeeId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.EmployeeId, x.Kind });
    }
}
