namespace Studio.Domain.Pipelines;

/// <summary>
/// A web-form lead taken under an Idempotency-Key: a retry with the same key on the same board
/// finds this and gets the same deal back instead of a second one.
/// </summary>
public sealed class LeadReceipt
{
    public const int KeyMax = 100;

    private LeadReceipt() { Key = ""; }

    public LeadReceipt(Guid boardId, string key, Guid dealId, Guid clientId, DateTime at)
    {
        BoardId = boardId;
        Key = key;
        DealId = dealId;
        ClientId = clientId;
        At = at;
    }

    public Guid Id { get; private set; } = Guid.CreateVersion7();
    public Guid BoardId { get; private set; }
    public string Key { get; private set; }
    public Guid DealId { get; private set; }
    public Guid ClientId { get; private set; }
    public DateTime At { get; private set; }
}
