using Microsoft.AspNetCore.Identity;

namespace Studio.Infrastructure.Organisation;

/// <summary>The sign-in account; its Id is the Employee's Id.</summary>
public sealed class AppUser : IdentityUser<Guid>;
