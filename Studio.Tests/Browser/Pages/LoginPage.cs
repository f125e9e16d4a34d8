using Microsoft.Playwright;

namespace Studio.Tests.Browser.Pages;

/// <summary>The sign-in form, found by its labels.</summary>
public sealed class LoginPage(IPage page, string baseUrl)
{
    public async Task SignInAsync(string email, string password, string returnUrl = "/boards")
    {
        await page.GotoAsync($"{baseUrl}/account/login?returnUrl={Uri.EscapeDataString(returnUrl)}");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Interactive.WaitAsync(page);
    }
}
