using Studio.Infrastructure;
using Studio.Infrastructure.Persistence;
using Studio.Web;
using Studio.Web.Components;
using Studio.Web.Billing;
using Studio.Web.Host;
using Studio.Web.Pipelines;
using Studio.Web.Reports;
using Studio.Web.Schedule;

var builder = WebApplication.CreateBuilder(args);

builder.Services
    .AddStudioInfrastructure(builder.Configuration)
    .AddStudioIdentity(builder.Environment, builder.Configuration)
    .AddStudioWeb(builder.Environment, builder.Configuration);

var app = builder.Build();

if (args.Contains("migrate"))
{
    await DatabaseSetup.MigrateAsync(app.Services);
    Console.WriteLine("Migrations applied.");
    return;
}

await app.PrepareDatabaseAsync();

app.UseStudioPipeline();
app.MapHealth();
app.MapErrorPage();
app.MapAccountEndpoints();
app.MapCultureEndpoint();
app.MapLeadForms();
app.MapCalendarFeeds();
app.MapJournalExport();
app.MapPaymentExport();
app.MapReportExports();
app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode().RequireSignInForPages();

app.Lifetime.ApplicationStarted.Register(() =>
    app.Logger.LogInformation("Studio is running at {Urls}", string.Join(", ", app.Urls)));

app.Run();

public partial class Program;
