using System.Text.RegularExpressions;

namespace RxWebSocketStream.Testing.Tests;

/// <summary>docs/testing.md shows only code that the test suite compiles and runs.</summary>
public sealed partial class TestingDocTests
{
    [Fact]
    public void TestingDoc_EveryCSharpBlock_AppearsInATestSource()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "testing.md")).ReplaceLineEndings("\n");
        // The kit's tests, and the differential tests that run it beside Microsoft.Reactive.Testing.
        var sources = new[] { "RxWebSocketStream.Testing.Tests", "RxWebSocketStream.Testing.Differential" }
            .SelectMany(project => Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "tests", project), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => Normalize(File.ReadAllText(f)))
            .ToList();

        var blocks = CSharpBlock().Matches(doc).Select(m => m.Groups[1].Value).ToList();

        Assert.NotEmpty(blocks);
        Assert.All(blocks, block => Assert.True(
            sources.Any(source => source.Contains(Normalize(block), StringComparison.Ordinal)),
            $"This block of docs/testing.md is in no test source:\n{block}"));
    }

    private static string Normalize(string code) =>
        string.Join("\n", code.ReplaceLineEndings("\n").Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0));

    [GeneratedRegex(@"```csharp\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
