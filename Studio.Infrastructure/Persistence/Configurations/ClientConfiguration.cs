using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Studio.Domain.Clients;
using Studio.Domain.Organisation;

namespace Studio.Infrastructure.Persistence.Configurations;

internal sealed class ClientConfiguration : IEntityTypeConfiguration<Client>
{
    public void Configure(EntityTypeBuilder<Client> b)
    {
        b.ToTable("Clients");
        b.Versioned();
        b.Property(x => x.FullName).HasMaxLength(Client.NameMax);
        b.Property(x => x.Phone).HasMaxLength(Client.PhoneMax);
        b.Property(x => x.Email).HasMaxLength(Client.EmailMax);
        b.HasOne<Branch>().WithMany().HasForeignKey(x => x.BranchId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<LeadSource>().WithMany().HasForeignKey(x => x.SourceId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Employee>().WithMany().HasForeignKey(x => x.ResponsibleId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(x => x.Phone);
        b.HasIndex(x => x.Email);
        b.HasIndex(x => x.FullName);
    }
}
