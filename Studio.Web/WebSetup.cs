using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor;
using MudBlazor.Services;
using Studio.Infrastructure.Organisation;
using Studio.Infrastructure.Persistence;
using Studio.Infrastructure.Seed;
using Studio.Web.Host;
using Studio.Web.Pipelines;
using Studio.Web.Reports;
using Studio.Web.Schedule;
using Studio.Web.Organisation;
using Studio.Web.Resources;

namespace Studio.Web;

/// <summary>The demo seed is on: the sign-in page lists the demo accounts and their password.</summary>
public sealed record DemoMode(bool On)
{
    /// <summary>
    /// Only when asked for: <c>Demo:Seed</c> if it is set, otherwise on in Development alone (the
    /// README's <c>dotnet run</c> uses launchSettings' Development profile). Never silently in
    /// Production, whatever the database: an owner with a published password is a door left open.
    /// </summary>
    public static DemoMode From(IConfiguration config, IHostEnvironment env) =>
        new(config.GetValue<bool?>("Demo:Seed") ?? env.IsDevelopment());
}

public static class WebSetup
{
    public static readonly CultureInfo[] Cultures = [new("en"), new("uk")];
    private const string SignInKey = "studio:sign-in-key";

    public static IServiceCollection AddStudioIdentity(this IServiceCollection services, IWebHostEnvironment env, IConfiguration config)
    {
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, RevalidatingIdentityStateProvider>();
        services.AddAuthentication(o =>
        {
            o.DefaultScheme = IdentityConstants.ApplicationScheme;
            o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
        }).AddIdentityCookies();
        services.AddAuthorization(o => o.AddRightsPolicies());

        services.AddIdentityCore<AppUser>(o =>
            {
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequiredUniqueChars = 1;
                // The sign-in form locks accounts through SignInGate (ADR-006), never after N failures alone:
                // MaxFailedAccessAttempts is not used; the lock lasts DefaultLockoutTimeSpan.
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.User.RequireUniqueEmail = true;
            })
            .AddEntityFrameworkStores<StudioDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<StudioClaimsFactory>()
            .AddPasswordValidator<CommonPasswordValidator>()
            .AddDefaultTokenProviders();
        services.Replace(ServiceDescriptor.Singleton(SignInLimitsFrom(config)));
        services.AddSingleton<SignInDecoy>();
        services.AddScoped<SignInGate>();

        var secure = config.GetValue<bool?>("Auth:SecureCookies") ?? !env.IsDevelopment();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = secure ? "__Host-studio" : "studio.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = secure ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
            o.Cookie.Path = "/";
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.LoginPath = "/account/login";
            o.AccessDeniedPath = "/account/denied";
        });
        return services;
    }

    /// <summary>The sign-in limits of ADR-006 from <c>RateLimits:SignIn…</c>; what is not set keeps its default.</summary>
    private static SignInLimits SignInLimitsFrom(IConfiguration config)
    {
        var d = new SignInLimits();
        var c = config.GetSection("RateLimits");
        return new SignInLimits
        {
            FailuresPerAddress = c.GetValue("SignInFailuresPerAddress", d.FailuresPerAddress),
            AddressWindow = TimeSpan.FromMinutes(c.GetValue("SignInAddressWindowMinutes", d.AddressWindow.TotalMinutes)),
            FreeFailures = c.GetValue("SignInFreeFailures", d.FreeFailures),
            FirstDelay = TimeSpan.FromSeconds(c.GetValue("SignInFirstDelaySeconds", d.FirstDelay.TotalSeconds)),
            MaxDelay = TimeSpan.FromMinutes(c.GetValue("SignInMaxDelayMinutes", d.MaxDelay.TotalMinutes)),
            LockAddresses = c.GetValue("SignInLockAddresses", d.LockAddresses),
            LockFailures = c.GetValue("SignInLockFailures", d.LockFailures),
            AccountWindow = TimeSpan.FromMinutes(c.GetValue("SignInAccountWindowMinutes", d.AccountWindow.TotalMinutes)),
        };
    }

    public static IServiceCollection AddStudioWeb(this IServiceCollection services, IWebHostEnvironment env, IConfiguration config)
    {
        services.AddRazorComponents()
            .AddInteractiveServerComponents(o => o.DisconnectedCircuitRetentionPeriod = TimeSpan.FromMinutes(3))
            .AddHubOptions(o => o.MaximumReceiveMessageSize = 32 * 1024);
        services.AddSingleton<CircuitLimiter>();
        services.AddScoped<CircuitHandler, CircuitLimitHandler>();
        services.AddScoped<CircuitConnection>();
        services.AddScoped<CircuitHandler, ConnectionTrackingHandler>();
        services.AddMudServices(c =>
        {
            c.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomLeft;
            c.SnackbarConfiguration.VisibleStateDuration = 4000;
        });
        services.AddLocalization();
        services.AddStudioMudLocalization();
        services.AddHsts(o => { o.MaxAge = TimeSpan.FromDays(365); o.IncludeSubDomains = true; });
        Security.SecurityHeaders.AddStudioSecurityHeaders(services); // CSP and co., no Server header, Secure antiforgery cookie
        services.AddScoped<CurrentUser>();
        services.AddSingleton(DemoMode.From(config, env));
        services.AddScoped<BranchContext>();
        services.AddScoped<Components.Shared.Drafts>();
        Components.Shared.ScreenServices.AddScreenHelpers(services); // Dialogs, ErrorPresenter
        services.AddSingleton(sp => new Components.Shared.Formats(sp.GetRequiredService<Studio.Infrastructure.Organisation.OrganisationSettingsSource>()));
        services.AddReportTables();
        services.AddBoardAndStaffReportTables();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (ctx, ct) =>
            {
                var seconds = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after)
                    ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 60;
                ctx.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                if (LeadFormEndpoints.IsLeadPost(ctx.HttpContext)) await LeadFormEndpoints.WriteTooManyAsync(ctx.HttpContext, seconds, ct);
            };
            var signInPerMinute = config.GetValue("RateLimits:SignInPerMinute", 5);
            // Sign-in posts, good or bad, are limited per address and account: a flood guard before the form is
            // read. Failed sign-ins have their own rules in SignInGate (ADR-006).
            var signInLimiter = PartitionedRateLimiter.Create<HttpContext, string>(ctx =>
                ctx.Items.TryGetValue(SignInKey, out var key) && key is string signIn
                    ? RateLimitPartition.GetFixedWindowLimiter(signIn,
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = signInPerMinute, Window = TimeSpan.FromMinutes(1) })
                    : RateLimitPartition.GetNoLimiter(""));
            // Web-form posts, good or bad, are limited per address here; the board key's budget is
            // spent in the endpoint by good leads only (LeadKeyBudget), so junk cannot shut a form.
            // Calendar feeds (secret keys in the address) per address, so keys cannot be guessed fast.
            o.GlobalLimiter = PartitionedRateLimiter.CreateChained(signInLimiter,
                LeadFormEndpoints.PerAddressLimiter(config.GetValue("RateLimits:LeadFormPerIpPerMinute", 10)),
                CalendarEndpoints.PerAddressLimiter(config.GetValue("RateLimits:CalendarPerIpPerMinute", 30)));
        });
        services.AddSingleton(sp => new LeadKeyBudget(sp.GetRequiredService<TimeProvider>(),
            config.GetValue("RateLimits:LeadFormPerKeyPerMinute", 60)));
        // CORS only for the web form, each board with its own allowed origins.
        services.AddCors();
        services.Replace(ServiceDescriptor.Singleton<ICorsPolicyProvider, LeadFormCorsPolicyProvider>());
        return services;
    }

    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var db = app.Services.GetRequiredService<DatabaseOptions>();
        if (db.MigrateOnStart) await DatabaseSetup.MigrateAsync(app.Services);
        if (app.Services.GetRequiredService<DemoMode>().On && await app.Services.GetRequiredService<DemoSeeder>().SeedAsync())
            app.Logger.LogInformation("Demo studio seeded. Sign in as owner@studio.demo / {Password}", DemoSeeder.Password);
    }

    /// <summary>
    /// Every page needs a signed-in user unless it says [AllowAnonymous] (sign-in):
    /// a new page cannot forget its [Authorize]. Pages with rights keep their own [Authorize(Policy)]
    /// on top. Only page endpoints (those with a component type): the circuit hub and the
    /// framework's script keep their own rules.
    /// </summary>
    public static RazorComponentsEndpointConventionBuilder RequireSignInForPages(this RazorComponentsEndpointConventionBuilder pages)
    {
        pages.Add(endpoint =>
        {
            if (endpoint.Metadata.Any(m => m is Microsoft.AspNetCore.Components.Endpoints.ComponentTypeMetadata))
                endpoint.Metadata.Add(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute());
        });
        return pages;
    }

    public static WebApplication UseStudioPipeline(this WebApplication app)
    {
        Security.SecurityHeaders.UseStudioSecurityHeaders(app); // first: every answer, error pages and 404s too, gets the headers
        // A failure shows the static error page (ErrorPages) with the status kept and a request id; the developer
        // exception page only to this very machine in Development. Empty 4xx/5xx answers get a page saying what they mean.
        var env = app.Environment;
        app.UseWhen(ctx => ErrorPages.ShowsDeveloperPage(ctx, env), b => b.UseDeveloperExceptionPage());
        app.UseWhen(ctx => !ErrorPages.ShowsDeveloperPage(ctx, env),
            b => b.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = ErrorPages.HandleExceptionAsync }));
        app.UseStatusCodePages(ErrorPages.HandleStatusAsync);
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture("en"),
            SupportedCultures = Cultures,
            SupportedUICultures = Cultures,
            RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()],
        });
        // The sign-in limiter partitions by address + account: read the (small) form before it.
        app.Use(async (ctx, next) =>
        {
            if (HttpMethods.IsPost(ctx.Request.Method) && ctx.Request.Path.StartsWithSegments("/account/login") && ctx.Request.HasFormContentType)
            {
                IFormCollection form;
                try { form = await ctx.Request.ReadFormAsync(ctx.RequestAborted); }
                catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException or FormatException or IOException or DecoderFallbackException
                    or NotSupportedException or ArgumentException)
                {
                    // Too many fields, a body cut short, a charset that cannot be read: the visitor's request, not a failure.
                    ctx.Response.StatusCode = ex switch
                    {
                        BadHttpRequestException bad => bad.StatusCode,
                        NotSupportedException or ArgumentException => StatusCodes.Status415UnsupportedMediaType,
                        _ => StatusCodes.Status400BadRequest,
                    };
                    await ErrorPages.WriteAsync(ctx, ctx.Response.StatusCode, ErrorPages.UnreadableForm(ctx));
                    return;
                }
                var account = (form["Input.Email"].ToString() ?? "").Trim().ToLowerInvariant();
                ctx.Items[SignInKey] = $"sign-in:{ctx.Connection.RemoteIpAddress}:{account}";
            }
            await next();
        });
        app.UseCors(); // before the limiter: preflights are answered at once, and a 429 still carries CORS headers
        app.UseRateLimiter();
        // Form data in a character set this server cannot read (utf-7, unknown names) is refused before an endpoint reads it (with CORS headers, and counted by the limiter).
        app.Use((ctx, next) => ErrorPages.FormCharsetReadable(ctx.Request) ? next(ctx)
            : ErrorPages.WriteAsync(ctx, ctx.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType, ErrorPages.UnreadableForm(ctx)));
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }
}
