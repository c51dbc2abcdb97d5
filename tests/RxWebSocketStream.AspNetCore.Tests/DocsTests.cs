using System.Text.RegularExpressions;

namespace RxWebSocketStream.AspNetCore.Tests;

/// <summary>docs/server.md shows only code that compiles and runs: the blocks of <see cref="DocSamples"/>.</summary>
public sealed partial class DocsTests
{
    public static TheoryData<string> SampleNames() => [.. Samples().Keys];

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void ServerDoc_ShowsTheCompiledSample(string name)
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRootFinder.Find(), "docs", "server.md")).ReplaceLineEndings("\n");

        Assert.Contains("```csharp\n" + Samples()[name] + "\n```", doc, StringComparison.Ordinal);
    }

    [Fact]
    public void ServerDoc_EveryCSharpBlock_IsACompiledSample()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRootFinder.Find(), "docs", "server.md")).ReplaceLineEndings("\n");
        var samples = Samples().Values.ToHashSet(StringComparer.Ordinal);

        foreach (Match block in CSharpBlock().Matches(doc))
        {
            Assert.Contains(block.Groups[1].Value, samples);
        }
    }

    /// <summary>Each <c>// &lt;name&gt;</c> ... <c>// &lt;/name&gt;</c> block of DocSamples.cs, dedented.</summary>
    private static Dictionary<string, string> Samples()
    {
        var source = File.ReadAllText(Path.Combine(RepositoryRootFinder.Find(), "tests", "RxWebSocketStream.AspNetCore.Tests", "DocSamples.cs")).ReplaceLineEndings("\n");
        var samples = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match start in SampleStart().Matches(source))
        {
            var name = start.Groups[1].Value;
            var from = start.Index + start.Length;
            var to = source.IndexOf($"// </{name}>", from, StringComparison.Ordinal);
            samples[name] = Dedent(source[from..source.LastIndexOf('\n', to)]);
        }

        return samples;
    }

    private static string Dedent(string block)
    {
        var lines = block.Split('\n');
        var indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
    }

    [GeneratedRegex(@"(?<!/)// <([a-z]+)>\n")]
    private static partial Regex SampleStart();

    [GeneratedRegex(@"```csharp\n(.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
