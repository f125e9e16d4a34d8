using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Studio.Infrastructure.Schedule;
using Studio.Web.Schedule;
using Studio.Web.Components.Shared;

namespace Studio.Tests.Components.Shared;

/// <summary>The one dialog helper: what a dialog closes with comes back typed, a cancel comes back as null.</summary>
public sealed class DialogsTests : MudComponentTest
{
    private readonly IRenderedComponent<MudDialogProvider> _provider;
    private readonly Dialogs _dialogs;

    public DialogsTests()
    {
        _provider = Ctx.Render<MudDialogProvider>();
        _dialogs = Ctx.Services.GetRequiredService<Dialogs>();
    }

    private async Task<TResult?> OpenAndAsync<TDialog, TResult>(DialogParameters<TDialog> parameters, Action<IRenderedComponent<MudDialogProvider>> act)
        where TDialog : IComponent, IReturns<TResult>
    {
        Task<TResult?> opened = default!;
        await _provider.InvokeAsync(() => { opened = _dialogs.OpenAsync<TDialog, TResult>("Title", parameters); }); // not awaited: it ends when the dialog closes
        await _provider.InvokeAsync(() => act(_provider));
        return await opened;
    }

    [Fact]
    public async Task Confirmed_GivesBackWhatTheDialogClosedWith_Typed()
    {
        var id = Guid.NewGuid();

        var result = await OpenAndAsync<PickDialog, Guid?>(new() { { d => d.Id, id } }, p => p.Find("[data-testid=pick]").Click());

        Assert.Equal(id, result);
    }

    [Fact]
    public async Task Cancelled_GivesBackNull()
    {
        var result = await OpenAndAsync<PickDialog, Guid?>(new() { { d => d.Id, Guid.NewGuid() } }, p => p.Find("[data-testid=cancel]").Click());

        Assert.Null(result);
    }

    [Fact]
    public async Task RealDialog_CancelLesson_GivesBackTheReasonAndScope()
    {
        var answer = await OpenAndAsync<CancelLessonDialog, CancelLessonDialog.Answer>(new() { { d => d.InSeries, false } }, p =>
        {
            p.Find("input[data-testid=cancel-reason]").Input("  Teacher is ill ");
            p.Find("[data-testid=confirm-cancel]").Click();
        });

        Assert.Equal(new CancelLessonDialog.Answer("Teacher is ill", EditScope.ThisLesson), answer);
    }

    [Fact]
    public async Task RealDialog_Closed_GivesBackNull()
    {
        var answer = await OpenAndAsync<CancelLessonDialog, CancelLessonDialog.Answer>(new(), p =>
            p.FindAll("button").Single(b => b.TextContent.Trim() == "Close").Click());

        Assert.Null(answer);
    }

    [Theory]
    [InlineData("Remove", true)]
    [InlineData("Cancel", false)]
    public async Task Confirm_TrueOnlyForTheYesButton(string pressed, bool expected)
    {
        Task<bool> asked = default!;
        await _provider.InvokeAsync(() => { asked = _dialogs.ConfirmAsync("Remove the absence?", "It goes for good.", "Remove"); });
        await _provider.InvokeAsync(() => _provider.FindAll("button").Single(b => b.TextContent.Trim() == pressed).Click());

        Assert.Equal(expected, await asked);
    }

    /// <summary>A dialog that gives back the id it was opened with, or nothing.</summary>
    public sealed class PickDialog : ComponentBase, IReturns<Guid?>
    {
        [CascadingParameter] private IMudDialogInstance MudDialog { get; set; } = default!;
        [Parameter] public Guid Id { get; set; }

        protected override void BuildRenderTree(RenderTreeBuilder b)
        {
            b.OpenElement(0, "button");
            b.AddAttribute(1, "data-testid", "pick");
            b.AddAttribute(2, "onclick", EventCallback.Factory.Create(this, () => MudDialog.Close(DialogResult.Ok(Id))));
            b.CloseElement();
            b.OpenElement(3, "button");
            b.AddAttribute(4, "data-testid", "cancel");
            b.AddAttribute(5, "onclick", EventCallback.Factory.Create(this, () => MudDialog.Cancel()));
            b.CloseElement();
        }
    }
}
