namespace Studio.Infrastructure.Billing;

/// <summary>The named lock of a client's passes: whatever counts or changes their visits takes it first.</summary>
internal static class PassLocks
{
    public static string For(Guid clientId) => $"passes:{clientId:N}";
}
