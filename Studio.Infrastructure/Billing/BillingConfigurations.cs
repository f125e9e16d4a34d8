using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Studio.Domain.Billing;
using Studio.Domain.Clients;
using Studio.Domain.Organisation;
using Studio.Domain.Schedule;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Billing;

internal sealed class ClientFreezeConfiguration : IEntityTypeConfiguration<ClientFreeze>
{
    public void Configure(EntityTypeBuilder<ClientFreeze> b)
    {
        b.ToTable("ClientFreezes");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Ignore("DomainEvents");
        b.Ignore(x => x.Days);
        b.Property(x => x.Reason).HasMaxLength(ClientFreeze.ReasonMax);
        b.HasOne<Client>().WithMany().HasForeignKey(x => x.ClientId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.ClientId, x.From });
    }
}

internal sealed class PassPlanConfiguration : IEntityTypeConfiguration<PassPlan>
{
    public void Configure(EntityTypeBuilder<PassPlan> b)
    {
        b.ToTable("PassPlans");
        b.Versioned();
        b.Property(x => x.Name).HasMaxLength(PassPlan.NameMax);
        b.Property<List<string>>("_types").HasColumnName("LessonTypeIds").AsJson();
        b.Ignore(x => x.LessonTypeIds);
    }
}

internal sealed class PassConfiguration : IEntityTypeConfiguration<Pass>
{
    public void Configure(EntityTypeBuilder<Pass> b)
    {
        b.ToTable("Passes");
        b.Versioned();
        b.Property(x => x.Name).HasMaxLength(PassPlan.NameMax);
        b.Property<List<string>>("_types").HasColumnName("LessonTypeIds").AsJson();
        b.Ignore(x => x.LessonTypeIds);
        b.Ignore(x => x.ValidUntil);
        b.Ignore(x => x.VisitsLeft);
        b.Ignore(x => x.IsUnlimited);
        b.Ignore(x => x.IsEnded);
        b.HasOne<Client>().WithMany().HasForeignKey(x => x.ClientId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<PassPlan>().WithMany().HasForeignKey(x => x.PlanId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Payment>().WithMany().HasForeignKey(x => x.PaymentId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.ClientId, x.StartsOn });
        b.HasIndex(x => x.ExpiresOn);
    }
}

internal sealed class PaymentConfiguration : IEntityTypeConfiguration<Payment>
{
    public void Configure(EntityTypeBuilder<Payment> b)
    {
        b.ToTable("Payments");
        b.Versioned();
        b.Property(x => x.Method).HasConversion<string>().HasMaxLength(Mapping.EnumMax);
        b.Property(x => x.Note).HasMaxLength(Payment.NoteMax);
        b.Property(x => x.Reason).HasMaxLength(Payment.ReasonMax);
        b.Property(x => x.VoidReason).HasMaxLength(Payment.ReasonMax);
        b.Ignore(x => x.IsRefund);
        b.Ignore(x => x.IsVoided);
        b.Ignore(x => x.Refundable);
        b.Ignore(x => x.State);
        b.HasOne<Payment>().WithMany().HasForeignKey(x => x.RefundOfId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Employee>().WithMany().HasForeignKey(x => x.VoidedById).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.RefundOfId);
        b.HasOne<Client>().WithMany().HasForeignKey(x => x.ClientId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Branch>().WithMany().HasForeignKey(x => x.BranchId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Employee>().WithMany().HasForeignKey(x => x.EmployeeId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Lines).WithOne().HasForeignKey(l => l.PaymentId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(x => x.Lines).AutoInclude();
        b.HasIndex(x => x.PaidAt);
        b.HasIndex(x => new { x.ClientId, x.PaidAt });
    }
}

internal sealed class PaymentLineConfiguration : IEntityTypeConfiguration<PaymentLine>
{
    public void Configure(EntityTypeBuilder<PaymentLine> b)
    {
        b.ToTable("PaymentLines");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(Mapping.EnumMax);
        b.Property(x => x.Name).HasMaxLength(PassPlan.NameMax);
        b.Ignore(x => x.Amount);
    }
}

internal sealed class GoodConfiguration : IEntityTypeConfiguration<Good>
{
    public void Configure(EntityTypeBuilder<Good> b)
    {
        b.ToTable("Goods");
        b.Versioned();
        b.Property(x => x.Name).HasMaxLength(PassPlan.NameMax);
    }
}
