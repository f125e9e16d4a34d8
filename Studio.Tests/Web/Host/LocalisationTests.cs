using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Studio.Tests.Web.Host;

/// <summary>Every text is in English and Ukrainian, and every rule the domain can break has a message.</summary>
public sealed partial class LocalisationTests
{
    private static string Resources => Path.Combine(RepoRoot(), "Studio.Web", "Resources");

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Studio.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Studio.sln not found above the test binaries.");
    }

    private static Dictionary<string, string> Keys(string file) =>
        XDocument.Load(Path.Combine(Resources, file)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");

    [Fact]
    public void EnglishAndUkrainian_HaveTheSameKeys_NoneEmpty()
    {
        var en = Keys("SharedResource.resx");
        var uk = Keys("SharedResource.uk.resx");

        Assert.Empty(en.Keys.Except(uk.Keys));
        Assert.Empty(uk.Keys.Except(en.Keys));
        Assert.Empty(en.Where(kv => string.IsNullOrWhiteSpace(kv.Value)).Select(kv => kv.Key));
        Assert.Empty(uk.Where(kv => string.IsNullOrWhiteSpace(kv.Value)).Select(kv => kv.Key));
    }

    [Fact]
    public void EveryErrorCodeTheCodeThrows_HasAMessage()
    {
        var en = Keys("SharedResource.resx");
        var root = RepoRoot();
        var thrown = Directory.EnumerateFiles(Path.Combine(root, "Studio.Domain"), "*.cs", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "Studio.Infrastructure"), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .SelectMany(f => ErrorCode().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Distinct().ToList();

        Assert.NotEmpty(thrown);
        Assert.DoesNotContain(thrown, code => !en.ContainsKey(code));
    }

    [Fact]
    public void EveryClashKind_HasAMessage()
    {
        var en = Keys("SharedResource.resx");
        Assert.All(Enum.GetNames<Studio.Domain.Schedule.ClashKind>(), k => Assert.True(en.ContainsKey("Clash." + k), k));
    }

    [GeneratedRegex("""DomainException\("(Error\.[A-Za-z.]+)"[,)]""")]
    private static partial Regex ErrorCode();
}
