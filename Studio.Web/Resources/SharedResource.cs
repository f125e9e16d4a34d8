namespace Studio.Web.Resources;

/// <summary>Marker for the shared UI strings (SharedResource.resx, SharedResource.uk.resx).</summary>
public sealed class SharedResource;
