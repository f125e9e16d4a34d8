namespace Studio.Infrastructure.Organisation;

/// <summary>The caller may not do this. Thrown by services whatever the screen showed.</summary>
public sealed class AccessDeniedException(string what = "Error.AccessDenied") : Exception(what);

public sealed class NotFoundException(string what = "Error.NotFound") : Exception(what);

/// <summary>Someone else saved this first; nothing was overwritten. Reload and try again.</summary>
public sealed class ConcurrencyConflictException(string what = "Error.Concurrency") : Exception(what);
