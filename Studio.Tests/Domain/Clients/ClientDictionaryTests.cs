using Studio.Domain.Clients;
using Studio.Domain.Common;

namespace Studio.Tests.Domain.Clients;

/// <summary>What a client's card does when the owner replaces a dictionary entry or deletes a custom field.</summary>
public sealed class ClientDictionaryTests
{
    private static readonly DateTime At = new(2026, 11, 1, 10, 0, 0, DateTimeKind.Utc);
    private static readonly Guid A = Guid.NewGuid(), B = Guid.NewGuid(), C = Guid.NewGuid();

    private static Client NewClient(Guid? source = null, Guid[]? tags = null, Dictionary<Guid, string>? fields = null)
    {
        var client = new Client(new ClientProfile("Olena Petrenko", ["+380671234567"], null, null, null, Guid.NewGuid(), source, null,
            tags ?? [], ContactChannels.None, null, fields ?? new Dictionary<Guid, string>()), At);
        client.ClearDomainEvents();
        return client;
    }

    [Fact]
    public void ReplaceSource_HeldSource_PointsAtReplacementAndRaisesUpdated()
    {
        var client = NewClient(source: A);

        client.ReplaceSource(A, B);

        Assert.Equal(B, client.SourceId);
        Assert.IsType<ClientUpdated>(Assert.Single(client.DomainEvents));
    }

    [Fact]
    public void ReplaceSource_OtherSource_NothingChangesNothingRaised()
    {
        var client = NewClient(source: C);

        client.ReplaceSource(A, B);

        Assert.Equal(C, client.SourceId);
        Assert.Empty(client.DomainEvents);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReplaceTag_HeldTag_ReplacedOnceEvenIfBothHeld(bool alreadyHasReplacement)
    {
        var client = NewClient(tags: alreadyHasReplacement ? [A, B, C] : [A, C]);

        client.ReplaceTag(A, B);

        Assert.Equal(new[] { B, C }.Order(), client.Tags.Select(t => t.TagId).Order());
        Assert.Single(client.DomainEvents);
    }

    [Fact]
    public void ReplaceStatus_HeldStatus_RewritesStatusWithoutAHistoryRow()
    {
        var client = NewClient();
        Assert.NotNull(client.ChangeStatus(A, Guid.NewGuid(), At));
        client.ClearDomainEvents();

        client.ReplaceStatus(A, B);

        Assert.Equal(B, client.StatusId);
        Assert.IsType<ClientUpdated>(Assert.Single(client.DomainEvents)); // not ClientStatusChanged: no step of the client's way
    }

    [Fact]
    public void RemoveCustomField_WithValue_OnlyThatValueGoes()
    {
        var client = NewClient(fields: new Dictionary<Guid, string> { [A] = "7", [B] = "Stage" });

        client.RemoveCustomField(A);
        client.RemoveCustomField(C);

        Assert.Equal(new Dictionary<Guid, string> { [B] = "Stage" }, client.CustomFields);
        Assert.Single(client.DomainEvents);
    }
}
