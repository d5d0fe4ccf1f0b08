using System.Reflection;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using ScSession.Generators.Analyzers;

namespace ScSession.Generators.Tests.Analyzers;

/// <summary>Every diagnostic has its page, its help link points there, and the link's base is the one build property.</summary>
public sealed class DiagnosticDocumentationTests
{
    private static readonly IReadOnlyList<DiagnosticDescriptor> s_descriptors = [.. typeof(DiagnosticDescriptors)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)];

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ScSession.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("ScSession.sln not found above " + AppContext.BaseDirectory);
    }

    public static TheoryData<string> Ids() => [.. s_descriptors.Select(d => d.Id).Distinct()];

    [Theory]
    [MemberData(nameof(Ids))]
    public void Each_diagnostic_has_its_page_with_what_why_how_to_fix_and_how_to_suppress(string id)
    {
        var page = Path.Combine(RepositoryRoot(), "docs", "diagnostics", id + ".md");

        Assert.True(File.Exists(page), $"docs/diagnostics/{id}.md is missing");
        var text = File.ReadAllText(page);
        Assert.StartsWith("# " + id, text, StringComparison.Ordinal);
        Assert.Contains("suppress", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(id, File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "diagnostics", "README.md")), StringComparison.Ordinal);
        Assert.Contains(id, File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "ScSession.Generators", "AnalyzerReleases.Unshipped.md"))
            + File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "ScSession.Generators", "AnalyzerReleases.Shipped.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void Help_links_follow_the_docs_base_url_build_property()
    {
        var props = XDocument.Load(Path.Combine(RepositoryRoot(), "Directory.Build.props"));
        string Property(string name) => props.Descendants(name).Single().Value;
        var docsBase = Property("ScSessionDocsBaseUrl").Replace("$(ScSessionRepositoryUrl)", Property("ScSessionRepositoryUrl"), StringComparison.Ordinal);

        Assert.NotEmpty(s_descriptors);
        Assert.All(s_descriptors, d => Assert.Equal(docsBase + "diagnostics/" + d.Id + ".md", d.HelpLinkUri));
    }

    [Fact]
    public void Every_page_in_docs_diagnostics_belongs_to_a_diagnostic()
    {
        var ids = s_descriptors.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var pages = Directory.GetFiles(Path.Combine(RepositoryRoot(), "docs", "diagnostics"), "SCSN*.md").Select(Path.GetFileNameWithoutExtension);

        Assert.All(pages, page => Assert.Contains(page!, ids));
    }
}
