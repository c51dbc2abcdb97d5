using System.Reactive.Linq;
using System.Text.RegularExpressions;

namespace RxWebSocketStream.Testing.Tests.Marbles;

/// <summary>
/// The examples of docs/testing.md ("Marble diagrams"), verbatim. <see cref="Docs_CodeBlocks_AreTheseTests"/>
/// fails when the document and this file drift apart, and the text blocks are compared with real output.
/// </summary>
public sealed partial class MarbleDocsExamplesTests
{
    [Fact]
    public void Doc_HotWithALateSubscriber()
    {
        var m = new MarbleTest();
        var source = m.Hot("-a-^-b--c|");
        m.ExpectObservable(source, "   ---^").ToBe("-----c|");
        m.ExpectSubscriptions(source.Subscriptions).ToBe("   ---^--!");
        m.Run();
    }

    [Fact]
    public void Doc_ValuesMap()
    {
        var m = new MarbleTest();
        var source = m.Cold("-a-b-|", ('a', 1), ('b', 2));
        m.ExpectObservable(source.Select(x => x * 10)).ToBe("-x-y-|", ('x', 10), ('y', 20));
        m.ExpectSubscriptions(source.Subscriptions).ToBe("^----!");
        m.Run();
    }

    [Fact]
    public void Doc_Timeout()
    {
        var m = new MarbleTest();
        var source = m.Cold("-a-b-----c|");
        m.ExpectObservable(source.Timeout(TimeSpan.FromMilliseconds(3), m.Scheduler)).ToBe("-a-b--#", error: new TimeoutException());
        m.ExpectSubscriptions(source.Subscriptions).ToBe("^-----!");
        m.Run();
    }

    [Fact]
    public void Doc_TimeProgression()
    {
        var m = new MarbleTest();
        var source = m.Cold("a 9ms b 9s c|");
        m.ExpectObservable(source.Delay(TimeSpan.FromSeconds(1), m.Scheduler)).ToBe("1s a 9ms b 9s c|");
        m.Run();
    }

    [Fact]
    public void Doc_FailureOutput()
    {
        var error = Assert.Throws<MarbleAssertionException>(() =>
        {
            var m = new MarbleTest();
            var source = m.Cold("-a-b|", ('a', 1), ('b', 2));
            m.ExpectObservable(source.Select(x => x * 10)).ToBe("-a-b|", ('a', 10), ('b', 30));
            m.Run();
        });

        Assert.Equal(Blocks("text")[1], error.Message);
    }

    [Fact]
    public void Doc_SyntaxErrorOutput() =>
        Assert.Equal(Blocks("text")[0], Assert.Throws<MarbleSyntaxException>(() => MarbleDiagram.ParseCold<char>("--(ab|")).Message);

    [Fact]
    public void Docs_CodeBlocks_AreTheseTests()
    {
        var source = Normalize(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "tests", "RxWebSocketStream.Testing.Tests", "Marbles", "MarbleDocsExamplesTests.cs")));
        var blocks = Blocks("csharp");

        Assert.NotEmpty(blocks);
        Assert.All(blocks, block => Assert.Contains(Normalize(block), source, StringComparison.Ordinal));
    }

    private static List<string> Blocks(string language)
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "testing.md")).ReplaceLineEndings("\n");
        var section = doc[doc.IndexOf("## Marble diagrams", StringComparison.Ordinal)..];
        var next = section.IndexOf("\n## ", 1, StringComparison.Ordinal);
        section = next < 0 ? section : section[..next];
        return [.. Fence().Matches(section).Where(match => match.Groups[1].Value == language).Select(match => match.Groups[2].Value.TrimEnd('\n'))];
    }

    private static string Normalize(string code) =>
        string.Join("\n", code.ReplaceLineEndings("\n").Split('\n').Select(line => line.Trim()));

    [GeneratedRegex(@"```(\w+)\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex Fence();
}
