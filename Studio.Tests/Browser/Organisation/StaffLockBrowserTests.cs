using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Studio.Domain.Organisation;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Seed;
using static Microsoft.Playwright.Assertions;
using Studio.Tests.Browser.Pages;

namespace Studio.Tests.Browser.Organisation;

/// <summary>A locked sign-in account: the form says only "wrong e-mail or password"; the owner sees the lock and unlocks it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class StaffLockBrowserTests(StudioAppFixture app)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LockedTeacher_FormSaysWrongPassword_OwnerSeesLockAndUnlocks_TeacherSignsIn()
    {
        var organisation = app.Services.GetRequiredService<OrganisationService>();
        var branch = (await organisation.ListBranchesAsync(await app.EmployeeIdAsync("owner@studio.demo"), Ct)).OrderBy(b => b.Name, StringComparer.Ordinal).First();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var email = $"locked-{tag}@studio.test";
        var name = $"Locked Teacher {tag}";
        var teacher = await organisation.CreateEmployeeWithAccountAsync(name, email, EmployeeRole.Teacher, [branch.Id], DemoSeeder.Password, Ct);
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByIdAsync(teacher.ToString()))!, DateTimeOffset.UtcNow.AddMinutes(15));
        }

        var context = await app.Browser.NewContextAsync(new() { Locale = "en-US" });
        var login = await context.NewPageAsync();
        await login.GotoAsync($"{app.BaseUrl}/account/login");
        await login.GetByLabel("E-mail").FillAsync(email);
        await login.GetByLabel("Password").FillAsync(DemoSeeder.Password);
        await login.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(login.GetByRole(AriaRole.Alert)).ToContainTextAsync("Wrong e-mail or password");

        var owner = await app.SignedInPageAsync("owner@studio.demo");
        await owner.GotoAsync($"{app.BaseUrl}/settings/staff");
        await Interactive.WaitAsync(owner);
        var row = owner.Locator("tr").Filter(new() { HasText = name });
        await Expect(row.GetByTestId("locked")).ToBeVisibleAsync();
        await row.GetByTestId("unlock").ClickAsync();
        await Expect(row.GetByTestId("locked")).ToHaveCountAsync(0);
        await owner.Context.CloseAsync();

        await new LoginPage(login, app.BaseUrl).SignInAsync(email, DemoSeeder.Password, returnUrl: "/");
        await Expect(login).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/my-day$"));
        await context.CloseAsync();
    }
}
