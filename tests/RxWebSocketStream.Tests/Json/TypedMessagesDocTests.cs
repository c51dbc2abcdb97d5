using System.Text.RegularExpressions;

namespace RxWebSocketStream.Tests.Json;

/// <summary>docs/typed-messages.md shows only code that compiles and runs: the blocks of <see cref="TypedMessagesDocSamples"/>.</summary>
public sealed partial class TypedMessagesDocTests
{
    [Fact]
    public void TypedMessagesDoc_EveryCSharpBlock_IsACompiledSample_AndEverySampleIsShown()
    {
        var root = RepositoryRootFinder.Find();
        var doc = File.ReadAllText(Path.Combine(root, "docs", "typed-messages.md")).ReplaceLineEndings("\n");
        var source = File.ReadAllText(Path.Combine(root, "tests", "RxWebSocketStream.Tests", "Json", "TypedMessagesDocSamples.cs")).ReplaceLineEndings("\n");
        var samples = SampleBlock().Matches(source).Select(m => Dedent(m.Groups[2].Value)).ToList();
        var blocks = CSharpBlock().Matches(doc).Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(4, samples.Count);
        Assert.Equal(samples.Order(StringComparer.Ordinal), blocks.Order(StringComparer.Ordinal));
    }

    private static string Dedent(string block)
    {
        var lines = block.Split('\n');
        var indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
    }

    [GeneratedRegex(@"// <([a-z]+)>\n(.*?)\n[ ]*// </\1>", RegexOptions.Singleline)]
    private static partial Regex SampleBlock();

    [GeneratedRegex(@"```csharp\n(.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
