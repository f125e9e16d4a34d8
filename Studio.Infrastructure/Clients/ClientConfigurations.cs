using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Studio.Domain.Clients;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Persistence;

namespace Studio.Infrastructure.Clients;

internal sealed class ClientConfiguration : IEntityTypeConfiguration<Client>
{
    public void Configure(EntityTypeBuilder<Client> b)
    {
        b.ToTable("Clients");
        b.Versioned();
        b.Property(x => x.FullName).HasMaxLength(Client.NameMax);
        b.Property(x => x.Phone).HasMaxLength(Client.PhoneMax);
        b.Property(x => x.Email).HasMaxLength(Client.EmailMax);
        b.Property(x => x.City).HasMaxLength(Client.CityMax);
        b.Property(x => x.Notes).HasMaxLength(Client.NotesMax);
        b.Property(x => x.ExternalKey).HasMaxLength(Client.ExternalKeyMax);
        b.Property(x => x.SearchKey).HasMaxLength(Client.SearchKeyMax);
        b.Property(x => x.CustomFields).AsJson();
        b.Property(x => x.Guardians).HasConversion(
                v => JsonSerializer.Serialize(v, JsonSerializerOptions.Default),
                v => Guardians(v),
                new ValueComparer<IReadOnlyList<Guardian>>((a, c) => Guardian.Same(a!, c!), v => v.Aggregate(0, (h, g) => HashCode.Combine(h, g)), v => v))
            .HasMaxLength(8000);
        b.ComplexProperty(x => x.Channels, c =>
        {
            c.Property(x => x.Instagram).HasColumnName("Instagram").HasMaxLength(ContactChannels.Max);
            c.Property(x => x.Telegram).HasColumnName("Telegram").HasMaxLength(ContactChannels.Max);
            c.Property(x => x.Viber).HasColumnName("Viber").HasMaxLength(ContactChannels.Max);
            c.Property(x => x.Skype).HasColumnName("Skype").HasMaxLength(ContactChannels.Max);
        });
        b.HasOne<Branch>().WithMany().HasForeignKey(x => x.BranchId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<LeadSource>().WithMany().HasForeignKey(x => x.SourceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Employee>().WithMany().HasForeignKey(x => x.ResponsibleId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<ClientStatus>().WithMany().HasForeignKey(x => x.StatusId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Phones).WithOne().HasForeignKey(p => p.ClientId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Tags).WithOne().HasForeignKey(t => t.ClientId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.GuardianPhones).WithOne().HasForeignKey(p => p.ClientId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(x => x.Phones).AutoInclude();
        b.Navigation(x => x.GuardianPhones).AutoInclude();
        b.Navigation(x => x.Tags).AutoInclude();
        b.HasIndex(x => x.Phone);
        b.HasIndex(x => x.Email);
        // Sorting by name walks this index; with IsArchived leading, SQLite and PostgreSQL chose it for unrelated filters too.
        b.HasIndex(x => x.SearchKey);
        b.HasIndex(x => x.ExternalKey);
        b.HasIndex(x => new { x.IsArchived, x.BranchId, x.CreatedAt });
        b.HasIndex(x => x.StatusId);
    }

    private static IReadOnlyList<Guardian> Guardians(string? json) =>
        (string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<List<Guardian>>(json, JsonSerializerOptions.Default))?.AsReadOnly()
            ?? new List<Guardian>().AsReadOnly();
}

internal sealed class ClientGuardianPhoneConfiguration : IEntityTypeConfiguration<ClientGuardianPhone>
{
    public void Configure(EntityTypeBuilder<ClientGuardianPhone> b)
    {
        b.ToTable("ClientGuardianPhones");
        b.HasKey(x => new { x.ClientId, x.Number });
        b.Property(x => x.Number).HasMaxLength(Client.PhoneMax);
        b.HasIndex(x => x.Number);
    }
}

internal sealed class ClientGuardianChangeConfiguration : IEntityTypeConfiguration<ClientGuardianChange>
{
    public void Configure(EntityTypeBuilder<ClientGuardianChange> b)
    {
        b.ToTable("ClientGuardianChanges");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Text).HasMaxLength(ClientGuardianChange.TextMax);
        b.HasOne<Client>().WithMany().HasForeignKey(x => x.ClientId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.ClientId, x.At });
    }
}

internal sealed class ClientPhoneConfiguration : IEntityTypeConfiguration<ClientPhone>
{
    public void Configure(EntityTypeBuilder<ClientPhone> b)
    {
        b.ToTable("ClientPhones");
        b.HasKey(x => new { x.ClientId, x.Number });
        b.Property(x => x.Number).HasMaxLength(Client.PhoneMax);
        b.HasIndex(x => x.Number);
    }
}

internal sealed class ClientTagConfiguration : IEntityTypeConfiguration<ClientTag>
{
    public void Configure(EntityTypeBuilder<ClientTag> b)
    {
        b.ToTable("ClientTags");
        b.HasKey(x => new { x.ClientId, x.TagId });
        b.HasOne<Tag>().WithMany().HasForeignKey(x => x.TagId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.TagId);
    }
}

internal sealed class ClientStatusConfiguration : IEntityTypeConfiguration<ClientStatus>
{
    public void Configure(EntityTypeBuilder<ClientStatus> b)
    {
        b.ToTable("ClientStatuses");
        b.Versioned();
        b.Property(x => x.Name).HasMaxLength(ClientStatus.NameMax);
        b.Property(x => x.Colour).HasMaxLength(Domain.Common.Colour.MaxLength);
        b.HasIndex(x => x.Name).IsUnique();
    }
}

internal sealed class ClientStatusChangeConfiguration : IEntityTypeConfiguration<ClientStatusChange>
{
    public void Configure(EntityTypeBuilder<ClientStatusChange> b)
    {
        b.ToTable("ClientStatusChanges");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.HasOne<Client>().WithMany().HasForeignKey(x => x.ClientId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<ClientStatus>().WithMany().HasForeignKey(x => x.ToStatusId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.At);
        b.HasIndex(x => new { x.ClientId, x.At });
        b.HasIndex(x => new { x.ToStatusId, x.At });
    }
}

internal sealed class ClientNoteConfiguration : IEntityTypeConfiguration<ClientNote>
{
    public void Configure(EntityTypeBuilder<ClientNote> b)
    {
        b.ToTable("ClientNotes");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Text).HasMaxLength(ClientNote.TextMax);
        b.HasOne<Client>().WithMany().HasForeignKey(x => x.ClientId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.ClientId, x.At });
    }
}

internal sealed class CustomFieldDefinitionConfiguration : IEntityTypeConfiguration<CustomFieldDefinition>
{
    public void Configure(EntityTypeBuilder<CustomFieldDefinition> b)
    {
        b.ToTable("CustomFields");
        b.Versioned();
        b.Property(x => x.Name).HasMaxLength(CustomFieldDefinition.NameMax);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(Mapping.EnumMax);
        b.Property(x => x.Choices).AsJson();
        b.HasIndex(x => x.Name).IsUnique();
    }
}

internal sealed class LeadSourceConfiguration : IEntityTypeConfiguration<LeadSource>
{
    public void Configure(EntityTypeBuilder<LeadSource> b)
    {
        b.ToTable("LeadSources");
        b.Versioned();
        b.Property(x => x.Name).HasMaxLength(LeadSource.NameMax);
        b.HasIndex(x => x.Name).IsUnique();
    }
}

internal sealed class TagConfiguration : IEntityTypeConfiguration<Tag>
{
    public void Configure(EntityTypeBuilder<Tag> b)
    {
        b.ToTable("Tags");
        b.Versioned();
        b.Property(x => x.Name).HasMaxLength(Tag.NameMax);
        b.Property(x => x.Colour).HasMaxLength(Domain.Common.Colour.MaxLength);
        b.HasIndex(x => x.Name).IsUnique();
    }
}
