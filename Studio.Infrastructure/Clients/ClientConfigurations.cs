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

/// <summary>
/// The client's rows that come in the same shape, mapped once: their own phones and their guardians' (<see cref="ClientPhone"/>,
/// <see cref="ClientGuardianPhone"/>), their notes and the guardians' changes on the timeline (<see cref="ClientNote"/>,
/// <see cref="ClientGuardianChange"/>). The properties are named as on those types.
/// </summary>
internal static class ClientRows
{
    /// <summary>A phone number of the client's: one row per client and number, found by the number.</summary>
    public static void Phones<T>(EntityTypeBuilder<T> b, string table) where T : class
    {
        b.ToTable(table);
        b.HasKey(nameof(ClientPhone.ClientId), nameof(ClientPhone.Number));
        b.Property<string>(nameof(ClientPhone.Number)).HasMaxLength(Client.PhoneMax);
        b.HasIndex(nameof(ClientPhone.Number));
    }

    /// <summary>A line of the client's timeline with a text: its id made by the domain, gone with the client, read by client and time.</summary>
    public static void TimelineLines<T>(EntityTypeBuilder<T> b, string table, int textMax) where T : class
    {
        b.ToTable(table);
        b.Property<Guid>(nameof(ClientNote.Id)).ValueGeneratedNever();
        b.Property<string>(nameof(ClientNote.Text)).HasMaxLength(textMax);
        b.HasOne<Client>().WithMany().HasForeignKey(nameof(ClientNote.ClientId)).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(nameof(ClientNote.ClientId), nameof(ClientNote.At));
    }
}

internal sealed class ClientGuardianPhoneConfiguration : IEntityTypeConfiguration<ClientGuardianPhone>
{
    public void Configure(EntityTypeBuilder<ClientGuardianPhone> b)
    {
        ClientRows.Phones(b, "ClientGuardianPhones");
    }
}

internal sealed class ClientGuardianChangeConfiguration : IEntityTypeConfiguration<ClientGuardianChange>
{
    public void Configure(EntityTypeBuilder<ClientGuardianChange> b)
    {
        ClientRows.TimelineLines(b, "ClientGuardianChanges", ClientGuardianChange.TextMax);
    }
}

internal sealed class ClientPhoneConfiguration : IEntityTypeConfiguration<ClientPhone>
{
    public void Configure(EntityTypeBuilder<ClientPhone> b)
    {
        ClientRows.Phones(b, "ClientPhones");
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
        ClientRows.TimelineLines(b, "ClientNotes", ClientNote.TextMax);
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
