using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Billing;
using Studio.Domain.Clients;
using Studio.Domain.Common;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Billing;
using Studio.Infrastructure.Clients;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Pipelines;
using Studio.Infrastructure.Schedule;
using Studio.Tests.Infrastructure;

namespace Studio.Tests.Services.Organisation;

/// <summary>
/// Nothing new goes into an archived branch (issue 17, item 18): a client, a deal, a lesson, a group or a payment there is
/// refused with Error.Branch.Archived (a pass for a client still in it, with the branch named), whatever a screen offered;
/// a client or deal already in it keeps it when saved, and a client made without a branch goes to an open one.
/// </summary>
public sealed class ArchivedBranchRulesTests(Databases databases)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Arranged(TestStudio Studio, Guid Owner, Guid Manager, Guid Podil, Guid Client, Guid Deal, TestBoard Board);

    /// <summary>A client and a deal in Main, a second branch Podil, then Main archived by the owner.</summary>
    private async Task<Arranged> ArrangeAsync(DatabaseProvider provider)
    {
        var studio = await databases.StartAsync(provider);
        var owner = await studio.AddEmployeeAsync(EmployeeRole.Owner);
        var manager = await studio.AddEmployeeAsync(EmployeeRole.Manager); // works in Main
        var board = await studio.AddBoardAsync(owner, manager);
        var client = await studio.AddClientAsync(manager);
        var deal = await studio.Pipelines.CreateDealAsync(manager, new NewDeal(board.Id, client, null, null, null, studio.BranchId, null, null, 500m, null), Ct);
        var podil = await studio.Organisation.SaveBranchAsync(owner, null, Guid.Empty, "Podil", null, "Europe/Kyiv", Ct);
        var main = (await studio.Organisation.ListBranchesAsync(owner, includeArchived: true, Ct)).Single(b => b.Id == studio.BranchId);
        await studio.Organisation.ArchiveBranchAsync(owner, studio.BranchId, main.Version, true, Ct);
        return new(studio, owner, manager, podil, client, deal, board);
    }

    private static ClientInput Input(string name, string phone, Guid? branchId, string? city = null) =>
        new(name, [phone], null, null, city, branchId, null, null, [], ContactChannels.None, null, new Dictionary<Guid, string?>());

    private static async Task RefusedAsync(Func<Task> save, string code = "Error.Branch.Archived")
    {
        var e = await Assert.ThrowsAsync<DomainException>(save);
        Assert.Equal(code, e.Code);
    }

    [Theory, DatabaseData]
    public async Task Clients_NewInArchivedBranchRefused_OneAlreadyThereKeepsIt_NoneChosenGoesToAnOpenOne(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        var clients = studio.Services.GetRequiredService<ClientService>();

        await RefusedAsync(() => clients.CreateAsync(s.Manager, Input("Nina", "+380671110001", studio.BranchId), ct: Ct));

        var unplaced = await clients.CreateAsync(s.Manager, Input("Oksana", "+380671110002", null), ct: Ct); // the manager's branch is archived
        Assert.Equal(s.Podil, (await clients.GetCardAsync(s.Manager, unplaced, Ct)).BranchId);

        var card = await clients.GetCardAsync(s.Manager, s.Client, Ct);
        await clients.UpdateAsync(s.Manager, s.Client, card.Version, Input(card.FullName, card.Phones[0], studio.BranchId, "Kyiv"), ct: Ct);
        card = await clients.GetCardAsync(s.Manager, s.Client, Ct);
        Assert.Equal((studio.BranchId, "Kyiv"), (card.BranchId, card.City)); // kept in its archived branch

        await clients.UpdateAsync(s.Manager, s.Client, card.Version, Input(card.FullName, card.Phones[0], s.Podil, "Kyiv"), ct: Ct);
        card = await clients.GetCardAsync(s.Manager, s.Client, Ct);
        await RefusedAsync(() => clients.UpdateAsync(s.Manager, s.Client, card.Version, Input(card.FullName, card.Phones[0], studio.BranchId, "Kyiv"), ct: Ct));
        Assert.Equal(s.Podil, (await clients.GetCardAsync(s.Manager, s.Client, Ct)).BranchId);
    }

    [Theory, DatabaseData]
    public async Task Deals_NewInArchivedBranchRefused_OneAlreadyThereKeepsItOrMovesToAnOpenOneOnly(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        var pipelines = studio.Pipelines;

        await RefusedAsync(() => pipelines.CreateDealAsync(s.Manager, new NewDeal(s.Board.Id, null, "Ivan", "+380671110003", null, studio.BranchId, null, null, 0, null), Ct));

        DealEdit Edit(DealDetails d, Guid branch, string title) => new(d.Id, d.Version, d.Amount, title, d.ResponsibleId, d.SourceId, branch, d.TagIds,
            new Dictionary<string, string>(), d.CallbackAt);
        var deal = await pipelines.GetDealAsync(s.Manager, s.Deal, Ct);
        await pipelines.UpdateDealAsync(s.Manager, Edit(deal, studio.BranchId, "Kept"), Ct);
        deal = await pipelines.GetDealAsync(s.Manager, s.Deal, Ct);
        Assert.Equal((studio.BranchId, "Kept"), (deal.BranchId, deal.Title));

        await pipelines.UpdateDealAsync(s.Manager, Edit(deal, s.Podil, "Moved"), Ct);
        deal = await pipelines.GetDealAsync(s.Manager, s.Deal, Ct);
        await RefusedAsync(() => pipelines.UpdateDealAsync(s.Manager, Edit(deal, studio.BranchId, "Back"), Ct));
        Assert.Equal((s.Podil, "Moved"), ((await pipelines.GetDealAsync(s.Manager, s.Deal, Ct)).BranchId, (await pipelines.GetDealAsync(s.Manager, s.Deal, Ct)).Title));
    }

    [Theory, DatabaseData]
    public async Task LessonsGroupsAndPayments_InArchivedBranch_Refused(DatabaseProvider provider)
    {
        var s = await ArrangeAsync(provider);
        await using var studio = s.Studio;
        var teacher = await studio.AddEmployeeAsync(EmployeeRole.Teacher);
        var type = await studio.AddLessonTypeAsync(s.Owner);

        await RefusedAsync(() => studio.BookAsync(s.Owner, type, teacher, null, 18, dayOffset: 1));
        await RefusedAsync(() => studio.Series.CreateSeriesAsync(s.Owner, new SeriesDraft(studio.BranchId, "Kids", type,
            [new(DayOfWeek.Monday, new TimeOnly(18, 0))], null, null, teacher, null, studio.Today, studio.Today.AddDays(13), []), Ct));
        Assert.Equal(0, await studio.ReadAsync(db => db.Lessons.CountAsync(Ct)));

        var plan = await studio.Billing.SavePlanAsync(s.Owner, null, null, "8 visits", 8, 30, 1200m, [type], Ct);
        var good = await studio.Billing.SaveGoodAsync(s.Owner, null, null, "Water", 20m, Ct);
        var pass = await Assert.ThrowsAsync<DomainException>(() => studio.Billing.SellPassAsync(s.Manager, s.Client, plan, null, null, PaymentMethod.Cash, null, Ct));
        Assert.Equal(("Error.Branch.ClientArchived", "Main"), (pass.Code, (string)pass.Args[0]));
        await RefusedAsync(() => studio.Billing.SellGoodsAsync(s.Manager, null, studio.BranchId, [new GoodsLine(good, 1)], PaymentMethod.Cash, null, Ct));
        Assert.Equal(0, await studio.ReadAsync(db => db.Payments.CountAsync(Ct)));

        await studio.Billing.SellGoodsAsync(s.Manager, null, s.Podil, [new GoodsLine(good, 1)], PaymentMethod.Cash, null, Ct); // an open branch sells
        Assert.Equal(1, await studio.ReadAsync(db => db.Payments.CountAsync(Ct)));
    }
}
