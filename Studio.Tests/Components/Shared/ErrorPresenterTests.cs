using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Studio.Domain.Common;
using Studio.Infrastructure.Organisation;
using Studio.Web.Components.Shared;

namespace Studio.Tests.Components.Shared;

/// <summary>
/// The one error presenter: a refusal about a field shows by that field, anything else as the form's one message in the
/// person's language, an action without a form as a snackbar; what was typed is never touched.
/// </summary>
public sealed class ErrorPresenterTests : MudComponentTest
{
    [Fact]
    public async Task RefusalAboutAField_ShowsByThatField_NotAsTheFormMessage()
    {
        var form = Ctx.Render<PresenterForm>(p => p.Add(f => f.Save, () => throw new DomainException("Error.Required", "Name")));
        await form.InvokeAsync(() => form.Find("input[data-testid=name]").Change("  "));

        await form.InvokeAsync(() => form.Find("[data-testid=save]").Click());

        Assert.Contains("Name", form.Find(".mud-input-helper-text").TextContent);
        Assert.Contains("mud-input-error", form.Find(".mud-input-helper-text").ClassName);
        Assert.Empty(form.FindAll("[data-testid=form-error]"));
    }

    [Fact]
    public async Task RefusalAboutAFieldTheFormDoesNotHave_IsTheFormMessage()
    {
        var form = Ctx.Render<PresenterForm>(p => p.Add(f => f.Save, () => throw new DomainException("Error.Required", "Phone")));

        await form.InvokeAsync(() => form.Find("[data-testid=save]").Click());

        Assert.Contains("Phone", form.Find("[data-testid=form-error]").TextContent);
        Assert.Empty(form.FindAll(".mud-input-error"));
    }

    [Fact]
    public async Task SavingAgain_ClearsTheEarlierRefusal()
    {
        var refuse = true;
        var form = Ctx.Render<PresenterForm>(p => p.Add(f => f.Save, () => refuse ? throw new NotFoundException() : Task.CompletedTask));
        await form.InvokeAsync(() => form.Find("[data-testid=save]").Click());
        Assert.Contains("gone", form.Find("[data-testid=form-error]").TextContent);

        refuse = false;
        await form.InvokeAsync(() => form.Find("[data-testid=save]").Click());

        Assert.Empty(form.FindAll("[data-testid=form-error]"));
        Assert.True(form.Instance.Saved);
    }

    [Fact]
    public async Task UnexpectedFailure_SaysNothingWasSaved_AndTheTypedValueStays()
    {
        var form = Ctx.Render<PresenterForm>(p => p.Add(f => f.Save, () => throw new InvalidOperationException("the database is on fire")));
        await form.InvokeAsync(() => form.Find("input[data-testid=name]").Change("Hip-hop"));

        await form.InvokeAsync(() => form.Find("[data-testid=save]").Click());

        var error = form.Find("[data-testid=form-error]").TextContent;
        Assert.Contains("Nothing was saved", error);
        Assert.DoesNotContain("fire", error);
        Assert.Equal("Hip-hop", form.Find("input[data-testid=name]").GetAttribute("value"));
    }

    [Fact]
    public async Task ActionWithoutAForm_ShowsTheSameMessageAsASnackbar()
    {
        var presenter = Ctx.Services.GetRequiredService<ErrorPresenter>();

        var refused = await presenter.TryAsync(() => throw new AccessDeniedException());

        Assert.IsType<AccessDeniedException>(refused);
        var shown = Assert.Single(Ctx.Services.GetRequiredService<ISnackbar>().ShownSnackbars);
        Assert.Equal("You may not do this.", shown.Message);
        Assert.Equal(Severity.Error, shown.Severity);
    }

    [Fact]
    public async Task CancelledOperation_IsNotShown()
    {
        var presenter = Ctx.Services.GetRequiredService<ErrorPresenter>();

        await Assert.ThrowsAsync<OperationCanceledException>(() => presenter.TryAsync(() => throw new OperationCanceledException()));

        Assert.Empty(Ctx.Services.GetRequiredService<ISnackbar>().ShownSnackbars);
    }

    /// <summary>A form as the screens build one: a field with its error, the form's message, a save through the presenter.</summary>
    public sealed class PresenterForm : ComponentBase
    {
        [Inject] private ErrorPresenter Errors { get; set; } = default!;
        [Parameter] public Func<Task> Save { get; set; } = () => Task.CompletedTask;
        public string? Name { get; private set; }
        public bool Saved { get; private set; }
        private readonly FieldErrors _errors = new();

        private async Task SaveAsync()
        {
            Saved = false;
            if (await Errors.TryAsync(Save, _errors, "Name") is null) Saved = true;
        }

        protected override void BuildRenderTree(RenderTreeBuilder b)
        {
            b.OpenComponent<MudTextField<string>>(0);
            b.AddAttribute(1, nameof(MudTextField<string>.Value), Name);
            b.AddAttribute(2, nameof(MudTextField<string>.ValueChanged), EventCallback.Factory.Create<string>(this, v => Name = v));
            b.AddAttribute(3, nameof(MudTextField<string>.Error), _errors.Has("Name"));
            b.AddAttribute(4, nameof(MudTextField<string>.ErrorText), _errors["Name"]);
            b.AddAttribute(5, "data-testid", "name");
            b.CloseComponent();
            b.OpenComponent<FormError>(6);
            b.AddAttribute(7, nameof(FormError.Errors), _errors);
            b.CloseComponent();
            b.OpenElement(8, "button");
            b.AddAttribute(9, "data-testid", "save");
            b.AddAttribute(10, "onclick", EventCallback.Factory.Create(this, SaveAsync));
            b.CloseElement();
        }
    }
}

/// <summary>The presenter in a Ukrainian UI: the conflict said in Ukrainian, what was typed kept.</summary>
public sealed class ErrorPresenterUkrainianTests() : MudComponentTest("uk-UA")
{
    [Fact]
    public async Task Conflict_ShowsTheConflictMessageInUkrainian_AndKeepsWhatWasTyped()
    {
        var form = Ctx.Render<ErrorPresenterTests.PresenterForm>(p => p.Add(f => f.Save, () => throw new ConcurrencyConflictException()));
        await form.InvokeAsync(() => form.Find("input[data-testid=name]").Change("Йога для дітей"));

        await form.InvokeAsync(() => form.Find("[data-testid=save]").Click());

        var error = form.Find("[data-testid=form-error]").TextContent;
        Assert.Contains("Хтось інший зберіг це раніше", error);
        Assert.Equal("Йога для дітей", form.Find("input[data-testid=name]").GetAttribute("value"));
        Assert.Equal("Йога для дітей", form.Instance.Name);
    }
}
