using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Studio.Domain.Clients;
using Studio.Domain.Organisation;
using Studio.Domain.Pipelines;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Pipelines;

internal sealed class BoardConfiguration : IEntityTypeConfiguration<Board>
{
    public void Configure(EntityTypeBuilder<Board> b)
    {
        b.ToTable("Boards");
        b.Versioned();
        b.Property(x => x.Name).HasMaxLength(Board.NameMax);
        b.Property(x => x.FormKey).HasMaxLength(Board.KeyMax);
        b.HasIndex(x => x.FormKey).IsUnique();
        b.Property(x => x.AllowedOrigins).AsJson();
        b.Ignore(x => x.OrderedStages);
        b.Ignore(x => x.Start);
        b.Ignore(x => x.Won);
        b.Ignore(x => x.Lost);
        b.Ignore(x => x.OrderedFields);
        // A status deleted from the dictionary leaves the board's choice empty (a status with history is never deleted).
        b.HasOne<ClientStatus>().WithMany().HasForeignKey(x => x.WonClientStatusId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<ClientStatus>().WithMany().HasForeignKey(x => x.LostClientStatusId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(x => x.Stages).WithOne().HasForeignKey(s => s.BoardId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Members).WithOne().HasForeignKey(m => m.BoardId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.LossReasons).WithOne().HasForeignKey(r => r.BoardId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(x => x.Stages).AutoInclude();
        b.Navigation(x => x.Members).AutoInclude();
        b.Navigation(x => x.LossReasons).AutoInclude();
        b.HasMany(x => x.Fields).WithOne().HasForeignKey(f => f.BoardId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(x => x.Fields).AutoInclude();
    }
}

internal sealed class DealFieldConfiguration : IEntityTypeConfiguration<DealField>
{
    public void Configure(EntityTypeBuilder<DealField> b)
    {
        b.ToTable("DealFields");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Name).HasMaxLength(Domain.Common.FieldKinds.NameMax);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(Mapping.EnumMax);
        b.Property(x => x.Choices).AsJson();
    }
}

internal sealed class DealFieldChangeConfiguration : IEntityTypeConfiguration<DealFieldChange>
{
    public void Configure(EntityTypeBuilder<DealFieldChange> b)
    {
        b.ToTable("DealFieldChanges");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.FieldName).HasMaxLength(Domain.Common.FieldKinds.NameMax);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(Mapping.EnumMax);
        b.Property(x => x.From).HasMaxLength(Domain.Common.FieldKinds.ValueMax);
        b.Property(x => x.To).HasMaxLength(Domain.Common.FieldKinds.ValueMax);
        b.HasOne<Deal>().WithMany().HasForeignKey(x => x.DealId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.DealId, x.At });
    }
}

internal sealed class StageConfiguration : IEntityTypeConfiguration<Stage>
{
    public void Configure(EntityTypeBuilder<Stage> b)
    {
        b.ToTable("Stages");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Name).HasMaxLength(Stage.NameMax);
        b.HasOne<Studio.Domain.Tasks.TaskTemplate>().WithMany().HasForeignKey(x => x.AutoTaskTemplateId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.Colour).HasMaxLength(Domain.Common.Colour.MaxLength);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(Mapping.EnumMax);
        b.Ignore(x => x.IsFinal);
    }
}

internal sealed class BoardMemberConfiguration : IEntityTypeConfiguration<BoardMember>
{
    public void Configure(EntityTypeBuilder<BoardMember> b)
    {
        b.ToTable("BoardMembers");
        b.HasKey(x => new { x.BoardId, x.EmployeeId });
        b.HasOne<Employee>().WithMany().HasForeignKey(x => x.EmployeeId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class LossReasonConfiguration : IEntityTypeConfiguration<LossReason>
{
    public void Configure(EntityTypeBuilder<LossReason> b)
    {
        b.ToTable("LossReasons");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Name).HasMaxLength(LossReason.NameMax);
    }
}

internal sealed class DealConfiguration : IEntityTypeConfiguration<Deal>
{
    public void Configure(EntityTypeBuilder<Deal> b)
    {
        b.ToTable("Deals");
        b.Versioned();
        b.Property(x => x.Title).HasMaxLength(Deal.TitleMax);
        b.HasIndex(x => x.CallbackRemindAt); // the reminders job's scan: only armed callbacks
        b.HasOne<Board>().WithMany().HasForeignKey(x => x.BoardId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Client>().WithMany().HasForeignKey(x => x.ClientId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Stage>().WithMany().HasForeignKey(x => x.StageId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Branch>().WithMany().HasForeignKey(x => x.BranchId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Employee>().WithMany().HasForeignKey(x => x.ResponsibleId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<LeadSource>().WithMany().HasForeignKey(x => x.SourceId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<LossReason>().WithMany().HasForeignKey(x => x.LossReasonId).OnDelete(DeleteBehavior.Restrict);
        b.Property(x => x.CustomFields).AsJson();
        b.Property(x => x.FieldValues).AsJson();
        b.HasMany(x => x.Tags).WithOne().HasForeignKey(t => t.DealId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(x => x.Tags).AutoInclude();
        // The moves a deal records (its entered move, each move) are saved with it; never loaded with it.
        b.HasMany(x => x.RecordedMoves).WithOne().HasForeignKey(m => m.DealId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.BoardId, x.StageId });
        b.HasIndex(x => new { x.BoardId, x.ClosedAt });
        b.HasIndex(x => x.ClientId);
        b.HasIndex(x => x.ResponsibleId);
    }
}

internal sealed class DealTagConfiguration : IEntityTypeConfiguration<DealTag>
{
    public void Configure(EntityTypeBuilder<DealTag> b)
    {
        b.ToTable("DealTags");
        b.HasKey(x => new { x.DealId, x.TagId });
        b.HasOne<Tag>().WithMany().HasForeignKey(x => x.TagId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DealMoveConfiguration : IEntityTypeConfiguration<DealMove>
{
    public void Configure(EntityTypeBuilder<DealMove> b)
    {
        b.ToTable("DealMoves");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.HasIndex(x => new { x.DealId, x.At });
        b.HasIndex(x => new { x.BoardId, x.ToStageId, x.At });
        b.HasIndex(x => new { x.BoardId, x.At });
    }
}

internal sealed class DealNoteConfiguration : IEntityTypeConfiguration<DealNote>
{
    public void Configure(EntityTypeBuilder<DealNote> b)
    {
        b.ToTable("DealNotes");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Text).HasMaxLength(DealNote.TextMax);
        b.HasOne<Deal>().WithMany().HasForeignKey(x => x.DealId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.DealId, x.At });
    }
}

internal sealed class LeadReceiptConfiguration : IEntityTypeConfiguration<LeadReceipt>
{
    public void Configure(EntityTypeBuilder<LeadReceipt> b)
    {
        b.ToTable("LeadReceipts");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Key).HasMaxLength(LeadReceipt.KeyMax);
        b.HasIndex(x => new { x.BoardId, x.Key }).IsUnique();
        b.HasOne<Board>().WithMany().HasForeignKey(x => x.BoardId).OnDelete(DeleteBehavior.Cascade);
    }
}
