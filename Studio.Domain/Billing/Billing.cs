using Studio.Domain.Common;
using Studio.Domain.Schedule;

namespace Studio.Domain.Billing;

/// <summary>An offer the studio sells: so many visits (or unlimited) within so many days, for the lesson types it covers.</summary>
public sealed class PassPlan : VersionedEntity
{
    public const int NameMax = 120;
    public const int MaxVisits = 1000;
    public const int MaxValidityDays = 3660;
    public const decimal MaxPrice = 10_000_000m;

    private List<string> _types = [];

    private PassPlan() { Name = ""; }

    public PassPlan(string name, int? visits, int validityDays, decimal price, IEnumerable<Guid> lessonTypeIds)
    {
        Name = "";
        Update(name, visits, validityDays, price, lessonTypeIds); // raises the change: the name was empty
    }

    public string Name { get; private set; }
    /// <summary>Null: unlimited visits while valid.</summary>
    public int? Visits { get; private set; }
    public int ValidityDays { get; private set; }
    public decimal Price { get; private set; }
    public bool IsArchived { get; private set; }
    public IReadOnlyList<Guid> LessonTypeIds => _types.Select(Guid.Parse).ToList();

    public void Update(string name, int? visits, int validityDays, decimal price, IEnumerable<Guid> lessonTypeIds)
    {
        var n = Guard.Text(name, NameMax, "Name");
        if (visits is < 1 or > MaxVisits) throw new DomainException("Error.Between", "Visits", 1, MaxVisits);
        if (validityDays is < 1 or > MaxValidityDays) throw new DomainException("Error.Between", "ValidityDays", 1, MaxValidityDays);
        var p = Money(price, "Price");
        var types = lessonTypeIds.Distinct().Select(t => t.ToString()).ToList();
        if (types.Count == 0) throw new DomainException("Error.Plan.Types");
        if ((n, visits, validityDays, p) == (Name, Visits, ValidityDays, Price) && types.SequenceEqual(_types)) return;
        (Name, Visits, ValidityDays, Price, _types) = (n, visits, validityDays, p, types);
        Raise(new PassPlanChanged(Id));
    }

    public void Archive(bool archived)
    {
        if (archived == IsArchived) return;
        IsArchived = archived;
        Raise(new PassPlanChanged(Id));
    }

    public static decimal Money(decimal amount, string field) =>
        amount < 0 || amount > MaxPrice || decimal.Round(amount, 2) != amount ? throw new DomainException("Error.Money", field) : amount;
}

/// <summary>
/// A pass a client bought: visits left, the days it is valid (longer by the days the client was
/// frozen), and the lesson types it covers, copied from the plan when sold.
/// </summary>
public sealed class Pass : VersionedEntity
{
    private List<string> _types = [];

    private Pass() { Name = ""; }

    public Pass(Guid clientId, PassPlan plan, DateOnly startsOn, decimal price, Guid paymentId, DateTime soldAt, Guid soldById)
    {
        if (plan.IsArchived) throw new DomainException("Error.Plan.Archived");
        (ClientId, PlanId, Name, VisitsTotal, StartsOn) = (clientId, plan.Id, plan.Name, plan.Visits, startsOn);
        ExpiresOn = startsOn.AddDays(plan.ValidityDays - 1);
        Price = PassPlan.Money(price, "Amount");
        (PaymentId, SoldAt, SoldById) = (paymentId, Guard.Utc(soldAt), soldById);
        _types = plan.LessonTypeIds.Select(t => t.ToString()).ToList();
        Raise(new PassChanged(Id, clientId));
    }

    public Guid ClientId { get; private set; }
    public Guid PlanId { get; private set; }
    public string Name { get; private set; }
    public int? VisitsTotal { get; private set; }
    public int VisitsUsed { get; private set; }
    public DateOnly StartsOn { get; private set; }
    /// <summary>The last day as sold; <see cref="ValidUntil"/> adds the frozen days.</summary>
    public DateOnly ExpiresOn { get; private set; }
    public int FrozenDays { get; private set; }
    public decimal Price { get; private set; }
    public Guid PaymentId { get; private set; }
    public DateTime SoldAt { get; private set; }
    public Guid SoldById { get; private set; }
    /// <summary>When the "pass ending" call was made for this pass (claimed once, across nodes).</summary>
    public DateTime? EndingCallAt { get; private set; }
    /// <summary>When its payment was voided or refunded: the pass ended then (see <see cref="EndedOn"/>).</summary>
    public DateTime? EndedAt { get; private set; }
    /// <summary>The last day it was valid when ended early by a refund; before <see cref="StartsOn"/> when voided (never valid).</summary>
    public DateOnly? EndedOn { get; private set; }
    public IReadOnlyList<Guid> LessonTypeIds => _types.Select(Guid.Parse).ToList();

    public bool IsEnded => EndedAt is not null;
    public DateOnly ValidUntil => EndedOn is { } ended && ended < ExpiresOn.AddDays(FrozenDays) ? ended : ExpiresOn.AddDays(FrozenDays);
    public int? VisitsLeft => VisitsTotal is { } total ? total - VisitsUsed : null;
    public bool IsUnlimited => VisitsTotal is null;

    /// <summary>
    /// In use and ending: valid today, and either down to its last visit or valid for at most <paramref name="days"/> more days.
    /// </summary>
    public bool IsEnding(DateOnly today, int days) =>
        !IsEnded && StartsOn <= today && ValidUntil >= today && (ValidUntil <= today.AddDays(days) || VisitsLeft <= 1);

    public bool IsValidOn(DateOnly day) => day >= StartsOn && day <= ValidUntil;

    /// <summary>Can pay <paramref name="visits"/> visits of this lesson type on this day.</summary>
    public bool Covers(Guid lessonTypeId, DateOnly day, int visits) =>
        IsValidOn(day) && _types.Contains(lessonTypeId.ToString()) && (VisitsLeft is null || VisitsLeft >= visits);

    public void Use(int visits)
    {
        if (visits < 0 || (VisitsLeft is { } left && left < visits)) throw new DomainException("Error.Pass.NoVisits");
        if (visits == 0) return;
        VisitsUsed += visits;
        Raise(new PassChanged(Id, ClientId));
    }

    public void GiveBack(int visits)
    {
        var used = Math.Max(0, VisitsUsed - visits);
        if (used == VisitsUsed) return;
        VisitsUsed = used;
        Raise(new PassChanged(Id, ClientId));
    }

    /// <summary>
    /// How much of its price may be given back on <paramref name="day"/> — the rule of a refund:
    /// visits already used stay used and are not given back. A pass counted in visits returns the share of the visits left
    /// (price × left ÷ total); an unlimited pass the share of the days left, the refund's day included
    /// (price × days left ÷ days valid). Before it starts, the whole price; once it ended (expired, used up, voided or refunded
    /// already) nothing. Rounded down to the kopeck, so the studio never returns more than the unused part.
    /// </summary>
    public decimal RefundableOn(DateOnly day)
    {
        if (IsEnded || day > ValidUntil) return 0m;
        if (day < StartsOn) return Price;
        var share = VisitsTotal is { } total
            ? Price * (total - VisitsUsed) / total
            : Price * (ValidUntil.DayNumber - day.DayNumber + 1) / (ValidUntil.DayNumber - StartsOn.DayNumber + 1);
        return Math.Floor(share * 100m) / 100m;
    }

    /// <summary>
    /// Its payment was refunded on <paramref name="day"/>: the pass ends — valid through the day before, no visit is charged
    /// from it any more; the visits already used stay used. A refund is always of the whole unused rest (or less, the studio
    /// keeping a fee): to keep a pass going for less money is a different sale, not a refund.
    /// </summary>
    public void EndByRefund(DateOnly day, DateTime at)
    {
        if (IsEnded) throw new DomainException("Error.Refund.PassEnded");
        (EndedAt, EndedOn) = (Guard.Utc(at), day.AddDays(-1));
        Raise(new PassChanged(Id, ClientId));
    }

    /// <summary>
    /// Its payment was voided (a mistake): the pass counts for nothing — never valid, no visits used. The visits charged from it
    /// are owed again (the caller moves them back to owed, see <see cref="LessonParticipant.Charge"/>).
    /// </summary>
    public void EndByVoid(DateTime at)
    {
        if (IsEnded) throw new DomainException("Error.Refund.PassEnded");
        (EndedAt, EndedOn, VisitsUsed) = (Guard.Utc(at), StartsOn.AddDays(-1), 0);
        Raise(new PassChanged(Id, ClientId));
    }

    /// <summary>Recounts the days the client's freezes add to this pass (a removed freeze takes them back).</summary>
    public void Recount(IEnumerable<ClientFreeze> freezes)
    {
        var days = freezes.Sum(f => f.OverlapDays(StartsOn, ExpiresOn));
        if (days == FrozenDays) return;
        FrozenDays = days;
        Raise(new PassChanged(Id, ClientId));
    }
}

public enum PaymentMethod { Cash, Card, Transfer, Online }

public enum PaymentLineKind { Pass, Good }

/// <summary>Where a payment stands: as taken, partly or wholly refunded, voided; or a refund itself (a negative movement).</summary>
public enum PaymentState { Paid, Refunded, Voided, Refund }

/// <summary>
/// Money taken at once. Reports count payments: two passes bought on one day are two payments
/// (each sale is its own); several goods bought together are one payment with several lines.
/// <para>
/// Taking it back: a <b>void</b> cancels a payment made by mistake — it then counts for nothing anywhere (lists show it struck
/// out, reports and totals skip it). A <b>refund</b> is money given back: a new payment of a negative amount on the day of the
/// refund (<see cref="RefundOfId"/> names the sale), so the sale's day still shows the sale and the refund's period shows the
/// refund. Both need a reason and record who and when. A payment is voided at most once, and never after a refund; refunds
/// together never exceed its amount (nor, for a pass, its unused part: <see cref="Pass.RefundableOn"/>); a refund itself
/// cannot be voided or refunded.
/// </para>
/// </summary>
public sealed class Payment : VersionedEntity
{
    public const int NoteMax = 500;
    public const int ReasonMax = 500;
    private readonly List<PaymentLine> _lines = [];

    private Payment() { }

    public Payment(Guid? clientId, Guid? branchId, PaymentMethod method, DateTime paidAt, Guid employeeId, string? note)
    {
        (ClientId, BranchId, Method, PaidAt, EmployeeId) = (clientId, branchId, method, Guard.Utc(paidAt), employeeId);
        Note = Guard.OptionalText(note, NoteMax, "Note");
    }

    public Guid? ClientId { get; private set; }
    public Guid? BranchId { get; private set; }
    public PaymentMethod Method { get; private set; }
    public DateTime PaidAt { get; private set; }
    public Guid EmployeeId { get; private set; }
    public string? Note { get; private set; }
    public decimal Amount { get; private set; }
    public IReadOnlyCollection<PaymentLine> Lines => _lines;
    /// <summary>On a refund: the payment it gives money back from.</summary>
    public Guid? RefundOfId { get; private set; }
    /// <summary>On a refund: why. On a voided payment: <see cref="VoidReason"/>.</summary>
    public string? Reason { get; private set; }
    /// <summary>The sum of the refunds made from this payment (positive).</summary>
    public decimal Refunded { get; private set; }
    public DateTime? VoidedAt { get; private set; }
    public Guid? VoidedById { get; private set; }
    public string? VoidReason { get; private set; }

    public bool IsRefund => RefundOfId is not null;
    public bool IsVoided => VoidedAt is not null;
    /// <summary>What may still be refunded: the amount less the refunds made.</summary>
    public decimal Refundable => IsRefund || IsVoided ? 0m : Amount - Refunded;
    public PaymentState State => IsRefund ? PaymentState.Refund : IsVoided ? PaymentState.Voided : Refunded > 0 ? PaymentState.Refunded : PaymentState.Paid;

    /// <summary>
    /// Gives <paramref name="amount"/> back: returns the refund, a payment of minus the amount on <paramref name="at"/> by
    /// <paramref name="employeeId"/>. <paramref name="limit"/> narrows what may be returned (a pass: its unused part).
    /// </summary>
    public Payment Refund(decimal amount, string? reason, DateTime at, Guid employeeId, decimal? limit = null)
    {
        if (IsRefund) throw new DomainException("Error.Refund.OfRefund");
        if (IsVoided) throw new DomainException("Error.Refund.Voided");
        var why = Guard.Text(reason, ReasonMax, "Reason");
        if (amount <= 0 || decimal.Round(amount, 2) != amount) throw new DomainException("Error.Money", "Amount");
        var max = Math.Min(Refundable, limit ?? decimal.MaxValue);
        if (max <= 0) throw new DomainException("Error.Refund.Nothing");
        if (amount > max) throw new DomainException("Error.Refund.TooMuch", max);
        var refund = new Payment(ClientId, BranchId, Method, at, employeeId, null) { RefundOfId = Id, Reason = why, Amount = -amount };
        Refunded += amount;
        Raise(new PaymentReversed(Id, ClientId));
        return refund;
    }

    /// <summary>Voids a payment made by mistake: it counts for nothing from now on.</summary>
    public void Void(string? reason, DateTime at, Guid employeeId)
    {
        if (IsRefund) throw new DomainException("Error.Refund.OfRefund");
        if (IsVoided) throw new DomainException("Error.Refund.Voided");
        if (Refunded > 0) throw new DomainException("Error.Refund.VoidRefunded");
        VoidReason = Guard.Text(reason, ReasonMax, "Reason");
        (VoidedAt, VoidedById) = (Guard.Utc(at), employeeId);
        Raise(new PaymentReversed(Id, ClientId));
    }

    public void AddLine(PaymentLineKind kind, Guid itemId, string name, int quantity, decimal unitPrice)
    {
        if (quantity is < 1 or > 1000) throw new DomainException("Error.Between", "Quantity", 1, 1000);
        var line = new PaymentLine(Id, kind, itemId, Guard.Text(name, PassPlan.NameMax, "Name"), quantity, PassPlan.Money(unitPrice, "Price"));
        _lines.Add(line);
        Amount += line.Amount;
        if (Amount > PassPlan.MaxPrice) throw new DomainException("Error.Money", "Amount");
        Raise(new PaymentRecorded(Id, ClientId));
    }
}

public sealed class PaymentLine
{
    private PaymentLine() { Name = ""; }

    internal PaymentLine(Guid paymentId, PaymentLineKind kind, Guid itemId, string name, int quantity, decimal unitPrice) =>
        (Id, PaymentId, Kind, ItemId, Name, Quantity, UnitPrice) = (Guid.CreateVersion7(), paymentId, kind, itemId, name, quantity, unitPrice);

    public Guid Id { get; private set; }
    public Guid PaymentId { get; private set; }
    public PaymentLineKind Kind { get; private set; }
    public Guid ItemId { get; private set; }
    public string Name { get; private set; }
    public int Quantity { get; private set; }
    public decimal UnitPrice { get; private set; }
    public decimal Amount => Quantity * UnitPrice;
}

/// <summary>Something sold at the desk (a T-shirt, water, a uniform).</summary>
public sealed class Good : VersionedEntity
{
    private Good() { Name = ""; }

    public Good(string name, decimal price) { Name = ""; Update(name, price); } // Update raises the change: the name was empty

    public string Name { get; private set; }
    public decimal Price { get; private set; }
    public bool IsArchived { get; private set; }

    public void Update(string name, decimal price)
    {
        var (n, p) = (Guard.Text(name, PassPlan.NameMax, "Name"), PassPlan.Money(price, "Price"));
        if ((n, p) == (Name, Price)) return;
        (Name, Price) = (n, p);
        Raise(new GoodChanged(Id));
    }

    public void Archive(bool archived)
    {
        if (archived == IsArchived) return;
        IsArchived = archived;
        Raise(new GoodChanged(Id));
    }
}

/// <summary>A pass plan of the catalogue was added, edited or (un)archived.</summary>
public sealed record PassPlanChanged(Guid PlanId) : IDomainEvent;

/// <summary>A good of the catalogue was added, edited or (un)archived.</summary>
public sealed record GoodChanged(Guid GoodId) : IDomainEvent;

public sealed record PassChanged(Guid PassId, Guid ClientId) : IDomainEvent;

public sealed record PaymentRecorded(Guid PaymentId, Guid? ClientId) : IDomainEvent;

/// <summary>A payment was voided, or money was refunded from it.</summary>
public sealed record PaymentReversed(Guid PaymentId, Guid? ClientId) : IDomainEvent;

/// <summary>Which pass pays for a visit.</summary>
public static class VisitCharging
{
    /// <summary>
    /// The client's oldest valid pass that covers the lesson's type on its day with enough visits
    /// left, or none: then the visit is owed.
    /// </summary>
    public static Pass? PassFor(IEnumerable<Pass> clientPasses, Guid lessonTypeId, DateOnly day, int visits) =>
        clientPasses.Where(p => p.Covers(lessonTypeId, day, visits)).OrderBy(p => p.StartsOn).ThenBy(p => p.SoldAt).FirstOrDefault();

    /// <summary>Charges each counted participant: from a pass, or owed. Lesson types that use no visits charge nothing.</summary>
    public static void Charge(IEnumerable<LessonParticipant> counted, Guid lessonTypeId, DateOnly day, int visits,
        IReadOnlyDictionary<Guid, List<Pass>> passesByClient)
    {
        foreach (var p in counted)
        {
            if (visits == 0) { p.Charge(null, 0); continue; }
            var pass = PassFor(passesByClient.GetValueOrDefault(p.ClientId) ?? [], lessonTypeId, day, visits);
            pass?.Use(visits);
            p.Charge(pass?.Id, visits);
        }
    }
}
