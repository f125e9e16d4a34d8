using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Studio.Infrastructure.Persistence;

/// <summary>What every feature's entity configurations share: the version column and JSON columns.</summary>
internal static class Mapping
{
    public const int EnumMax = 16;

    public static void Versioned<T>(this EntityTypeBuilder<T> b) where T : class, Domain.Common.IVersioned
    {
        b.Property("Id").ValueGeneratedNever();
        b.Property(e => e.Version).IsConcurrencyToken();
        b.Ignore("DomainEvents");
    }
}

internal static class JsonColumns
{
    /// <summary>A read-only dictionary an aggregate replaces whole when it changes (never changed in place).</summary>
    public static PropertyBuilder<IReadOnlyDictionary<TKey, string>> AsJson<TKey>(this PropertyBuilder<IReadOnlyDictionary<TKey, string>> p)
        where TKey : notnull =>
        p.HasConversion(
            v => JsonSerializer.Serialize(v, JsonSerializerOptions.Default),
            v => Dictionary<TKey>(v),
            new ValueComparer<IReadOnlyDictionary<TKey, string>>(
                (a, c) => a!.Count == c!.Count && !a.Except(c).Any(),
                v => v.Aggregate(0, (h, kv) => HashCode.Combine(h, kv.Key, kv.Value)),
                v => v))
        .HasMaxLength(16000);

    private static IReadOnlyDictionary<TKey, string> Dictionary<TKey>(string? json) where TKey : notnull =>
        (string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<Dictionary<TKey, string>>(json, JsonSerializerOptions.Default) ?? null)
            ?.AsReadOnly() ?? new Dictionary<TKey, string>().AsReadOnly();

    /// <summary>A read-only list an aggregate replaces whole when it changes (never changed in place).</summary>
    public static PropertyBuilder<IReadOnlyList<string>> AsJson(this PropertyBuilder<IReadOnlyList<string>> p) =>
        p.HasConversion(
            v => JsonSerializer.Serialize(v, JsonSerializerOptions.Default),
            v => List(v),
            new ValueComparer<IReadOnlyList<string>>((a, c) => a!.SequenceEqual(c!), v => v.Aggregate(0, (h, s) => HashCode.Combine(h, s)), v => v))
        .HasMaxLength(4000);

    private static IReadOnlyList<string> List(string? json) =>
        (string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<List<string>>(json, JsonSerializerOptions.Default))?.AsReadOnly()
            ?? new List<string>().AsReadOnly();

    public static PropertyBuilder<List<string>> AsJson(this PropertyBuilder<List<string>> p) =>
        p.HasConversion(
            v => JsonSerializer.Serialize(v, JsonSerializerOptions.Default),
            v => string.IsNullOrEmpty(v) ? new() : JsonSerializer.Deserialize<List<string>>(v, JsonSerializerOptions.Default) ?? new(),
            new ValueComparer<List<string>>((a, c) => a!.SequenceEqual(c!), v => v.Aggregate(0, (h, s) => HashCode.Combine(h, s)), v => v.ToList()))
        .HasMaxLength(4000);
}
