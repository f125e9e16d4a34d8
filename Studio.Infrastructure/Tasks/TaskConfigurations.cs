using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Studio.Domain.Clients;
using Studio.Domain.Organisation;
using Studio.Domain.Pipelines;
using Studio.Domain.Tasks;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Tasks;

internal sealed class TaskTemplateConfiguration : IEntityTypeConfiguration<TaskTemplate>
{
    public void Configure(EntityTypeBuilder<TaskTemplate> b)
    {
        b.ToTable("TaskTemplates");
        b.Versioned();
        b.Property(x => x.Name).HasMaxLength(TaskTemplate.NameMax);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(Mapping.EnumMax);
        b.Ignore(x => x.NeedsClient);
        b.HasMany(x => x.Results).WithOne().HasForeignKey(r => r.TemplateId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(x => x.Results).AutoInclude();
    }
}

internal sealed class TaskResultConfiguration : IEntityTypeConfiguration<TaskResult>
{
    public void Configure(EntityTypeBuilder<TaskResult> b)
    {
        b.ToTable("TaskResults");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Name).HasMaxLength(TaskResult.NameMax);
        b.Property(x => x.Field).HasConversion<string>().HasMaxLength(Mapping.EnumMax);
        b.Property(x => x.FollowUp).HasConversion<string>().HasMaxLength(Mapping.EnumMax);
        b.Property<List<string>>("_choices").HasColumnName("Choices").AsJson();
        b.Ignore(x => x.Choices);
    }
}

internal sealed class WorkTaskConfiguration : IEntityTypeConfiguration<WorkTask>
{
    public void Configure(EntityTypeBuilder<WorkTask> b)
    {
        b.ToTable("Tasks");
        b.Versioned();
        b.Property(x => x.Title).HasMaxLength(WorkTask.TitleMax);
        b.Property(x => x.Description).HasMaxLength(WorkTask.DescriptionMax);
        b.Property(x => x.SearchKey).HasMaxLength(WorkTask.SearchKeyMax);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(Mapping.EnumMax);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(Mapping.EnumMax);
        b.Property(x => x.Priority).HasConversion<string>().HasMaxLength(Mapping.EnumMax);
        b.Property(x => x.Direction).HasConversion<string>().HasMaxLength(Mapping.EnumMax);
        b.Property(x => x.Phone).HasMaxLength(Client.PhoneMax);
        b.Property(x => x.ResultValue).HasMaxLength(TaskResult.NameMax);
        b.Ignore(x => x.ExecutorIds);
        b.Ignore(x => x.InPool);
        b.HasOne<TaskTemplate>().WithMany().HasForeignKey(x => x.TemplateId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Employee>().WithMany().HasForeignKey(x => x.AuthorId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Client>().WithMany().HasForeignKey(x => x.ClientId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<WorkTask>().WithMany().HasForeignKey(x => x.ParentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<TaskResult>().WithMany().HasForeignKey(x => x.ResultId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Executors).WithOne().HasForeignKey(e => e.TaskId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.History).WithOne().HasForeignKey(h => h.TaskId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(x => x.Executors).AutoInclude();
        b.Navigation(x => x.History).AutoInclude();
        b.HasIndex(x => new { x.AuthorId, x.Status });
        b.HasIndex(x => x.ClientId);
        b.HasIndex(x => x.ParentId);
        b.HasIndex(x => new { x.DealId, x.Status });
        b.HasIndex(x => x.RemindAt);
        b.HasIndex(x => new { x.Status, x.Deadline });
    }
}

internal sealed class TaskExecutorConfiguration : IEntityTypeConfiguration<TaskExecutor>
{
    public void Configure(EntityTypeBuilder<TaskExecutor> b)
    {
        b.ToTable("TaskExecutors");
        b.HasKey(x => new { x.TaskId, x.EmployeeId });
        b.HasOne<Employee>().WithMany().HasForeignKey(x => x.EmployeeId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.EmployeeId);
    }
}

internal sealed class TaskChangeConfiguration : IEntityTypeConfiguration<TaskChange>
{
    public void Configure(EntityTypeBuilder<TaskChange> b)
    {
        b.ToTable("TaskChanges");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.From).HasConversion<string>().HasMaxLength(Mapping.EnumMax);
        b.Property(x => x.To).HasConversion<string>().HasMaxLength(Mapping.EnumMax);
        b.Property(x => x.Note).HasMaxLength(WorkTask.NoteMax);
        b.HasIndex(x => new { x.TaskId, x.At });
        b.HasIndex(x => new { x.To, x.At });
    }
}

internal sealed class CallbackNoticeConfiguration : IEntityTypeConfiguration<CallbackNotice>
{
    public void Configure(EntityTypeBuilder<CallbackNotice> b)
    {
        b.ToTable("CallbackNotices");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Ignore("DomainEvents");
        b.HasOne<Deal>().WithMany().HasForeignKey(x => x.DealId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Employee>().WithMany().HasForeignKey(x => x.EmployeeId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.EmployeeId, x.SeenAt });
        b.HasIndex(x => x.DealId);
    }
}

internal sealed class TaskNoticeConfiguration : IEntityTypeConfiguration<TaskNotice>
{
    public void Configure(EntityTypeBuilder<TaskNotice> b)
    {
        b.ToTable("TaskNotices");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Ignore("DomainEvents");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(Mapping.EnumMax);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(Mapping.EnumMax);
        b.HasOne<WorkTask>().WithMany().HasForeignKey(x => x.TaskId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Employee>().WithMany().HasForeignKey(x => x.EmployeeId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.EmployeeId, x.SeenAt });
    }
}
