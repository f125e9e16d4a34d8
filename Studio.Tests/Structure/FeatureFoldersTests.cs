using System.Text.RegularExpressions;

namespace Studio.Tests.Structure;

/// <summary>
/// The feature folders (ADR-016) stay as they are: a feature has one name in every project, and a file's namespace is
/// its folder, so a type is found where its name says.
/// </summary>
public sealed partial class FeatureFoldersTests
{
    /// <summary>The features: each has a folder in the web project and in the infrastructure.</summary>
    private static readonly string[] Features = ["Organisation", "Clients", "Pipelines", "Schedule", "Billing", "Tasks", "Reports", "Dashboard"];

    /// <summary>Features with rules of their own (the others are use cases and screens over them).</summary>
    private static readonly string[] DomainFeatures = ["Organisation", "Clients", "Pipelines", "Schedule", "Billing", "Tasks", "Reports", "Dashboard"];

    private static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Studio.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Studio.sln not found above the test binaries.");
        }
    }

    [Fact]
    public void EveryFeature_HasItsFolder_InEveryProject()
    {
        var missing = Features.SelectMany(f => new[] { ("Studio.Web", f), ("Studio.Infrastructure", f) })
            .Concat(DomainFeatures.Select(f => ("Studio.Domain", f)))
            .Where(p => !Directory.Exists(Path.Combine(Root, p.Item1, p.Item2)))
            .Select(p => $"{p.Item1}/{p.Item2}").ToList();

        Assert.Empty(missing);
    }

    [Theory]
    [InlineData("Studio.Domain")]
    [InlineData("Studio.Infrastructure")]
    [InlineData("Studio.Web")]
    [InlineData("Studio.Tests")]
    [InlineData("Studio.Bench")]
    public void EveryFile_DeclaresTheNamespaceOfItsFolder(string project)
    {
        var root = Path.Combine(Root, project);
        var wrong = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsGenerated(Path.GetRelativePath(root, f)))
            .Select(f => (File: Path.GetRelativePath(root, f), Declared: Namespace().Match(File.ReadAllText(f)) is { Success: true } m ? m.Groups[1].Value : null))
            .Where(x => x.Declared is not null && x.Declared != Expected(project, x.File))
            .Select(x => $"{x.File}: {x.Declared}, expected {Expected(project, x.File)}").ToList();

        Assert.Empty(wrong);
    }

    [Fact]
    public void TheStructureCheck_NoticesAMisplacedFile()
    {
        Assert.Equal("Studio.Web.Reports", Expected("Studio.Web", Path.Combine("Reports", "ReportExportEndpoints.cs")));
        Assert.NotEqual("Studio.Web.Endpoints", Expected("Studio.Web", Path.Combine("Reports", "ReportExportEndpoints.cs")));
        Assert.Equal("Studio.Web", Expected("Studio.Web", "WebSetup.cs"));
    }

    private static string Expected(string project, string file)
    {
        var folder = Path.GetDirectoryName(file) ?? "";
        return folder.Length == 0 ? project : project + "." + folder.Replace(Path.DirectorySeparatorChar, '.');
    }

    private static bool IsGenerated(string file) =>
        file.StartsWith("bin", StringComparison.Ordinal) || file.StartsWith("obj", StringComparison.Ordinal)
        || file.Contains("Migrations", StringComparison.Ordinal);

    [GeneratedRegex(@"^namespace ([\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex Namespace();
}
