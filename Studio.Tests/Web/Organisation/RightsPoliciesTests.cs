using System.Reflection;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Organisation;
using Studio.Web.Organisation;
using Pages = Studio.Web;

namespace Studio.Tests.Web.Organisation;

/// <summary>
/// Pages and export endpoints are gated by the same rights table the services check: each page names a
/// <see cref="Policy"/>, and the ASP.NET policy of that name answers exactly what <see cref="Access.Allows"/> answers.
/// </summary>
public sealed class RightsPoliciesTests
{
    private static IAuthorizationService Authorization()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAuthorization(o => o.AddRightsPolicies());
        return services.BuildServiceProvider().GetRequiredService<IAuthorizationService>();
    }

    private static ClaimsPrincipal SignedIn(string? role) => new(new ClaimsIdentity(
        role is null ? [new Claim(ClaimTypes.NameIdentifier, Guid.NewGuid().ToString())]
            : [new Claim(ClaimTypes.NameIdentifier, Guid.NewGuid().ToString()), new Claim(ClaimTypes.Role, role)], "test"));

    public static TheoryData<Policy, EmployeeRole> EveryPolicyAndRole()
    {
        var data = new TheoryData<Policy, EmployeeRole>();
        foreach (var policy in Enum.GetValues<Policy>())
            foreach (var role in Enum.GetValues<EmployeeRole>())
                data.Add(policy, role);
        return data;
    }

    [Theory, MemberData(nameof(EveryPolicyAndRole))]
    public async Task NamedPolicy_SignedInWithRole_AnswersAsTheTable(Policy policy, EmployeeRole role)
    {
        var result = await Authorization().AuthorizeAsync(SignedIn(role.ToString()), policy.ToString());

        Assert.Equal(Access.Allows(role, policy), result.Succeeded);
    }

    [Fact]
    public async Task NamedPolicy_NoRoleOrAnonymous_Refused()
    {
        var authorization = Authorization();

        Assert.False((await authorization.AuthorizeAsync(SignedIn(null), nameof(Policy.SeeStudio))).Succeeded);
        Assert.False((await authorization.AuthorizeAsync(new ClaimsPrincipal(new ClaimsIdentity()), nameof(Policy.SeeStudio))).Succeeded);
    }

    public static readonly TheoryData<Type, Policy> PageGates = new()
    {
        { typeof(Pages.Clients.ClientsPage), Policy.SeeClients },
        { typeof(Pages.Clients.ClientCardPage), Policy.SeeClients },
        { typeof(Pages.Clients.ImportPage), Policy.SeeClients },
        { typeof(Pages.Reports.ReportsPage), Policy.ReadReports },
        { typeof(Pages.Billing.PaymentsPage), Policy.Sell },
        { typeof(Pages.Dashboard.DashboardPage), Policy.SeeDashboard },
        { typeof(Pages.Organisation.StaffPage), Policy.ManageStaff },
        { typeof(Pages.Organisation.OrganisationPage), Policy.Settings },
        { typeof(Pages.Organisation.DictionariesPage), Policy.Settings },
        { typeof(Pages.Pipelines.Settings.BoardsSettingsPage), Policy.EditBoards },
        { typeof(Pages.Pipelines.Settings.BoardSettingsPage), Policy.EditBoards },
    };

    [Theory, MemberData(nameof(PageGates))]
    public void Page_IsGatedByItsPolicy(Type page, Policy policy)
    {
        var gate = page.GetCustomAttributes<AuthorizeAttribute>().Single();

        Assert.Equal((policy.ToString(), null), (gate.Policy, gate.Roles));
    }

    [Fact]
    public void EveryPage_GatesByATablePolicy_NeverByRoleNames()
    {
        var pages = typeof(Studio.Web.WebSetup).Assembly.GetTypes()
            .Where(t => t.GetCustomAttributes<RouteAttribute>().Any()).ToList();
        var gates = pages.SelectMany(p => p.GetCustomAttributes<AuthorizeAttribute>().Select(a => (Page: p.Name, a.Roles, a.Policy))).ToList();

        Assert.NotEmpty(gates);
        Assert.All(gates, g => Assert.True(g.Roles is null && (g.Policy is null || Enum.TryParse<Policy>(g.Policy, out _)),
            $"{g.Page}: [Authorize(Roles = \"{g.Roles}\", Policy = \"{g.Policy}\")]"));
    }
}
