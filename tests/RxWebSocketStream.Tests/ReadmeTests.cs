using RxWebSocketStream.Tests.Server;

namespace RxWebSocketStream.Tests;

/// <summary>The README's quick start compiles (it is <see cref="QuickStart"/>) and does what it says.</summary>
public sealed class ReadmeTests(TestServer server) : IClassFixture<TestServer>
{
    [Fact]
    public void Readme_QuickStartBlock_IsTheCompiledQuickStart()
    {
        var root = RepositoryRootFinder.Find();
        var source = File.ReadAllText(Path.Combine(root, "tests", "RxWebSocketStream.Tests", "QuickStart.cs"));
        var start = source.IndexOf("// <quickstart>", StringComparison.Ordinal);
        var end = source.IndexOf("// </quickstart>", StringComparison.Ordinal);
        var code = Dedent(source[(source.IndexOf('\n', start) + 1)..source.LastIndexOf('\n', end)]);

        var readme = File.ReadAllText(Path.Combine(root, "README.md"));

        Assert.Contains("```csharp\n" + code + "\n```", readme, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QuickStart_AgainstEchoServer_EchoesAndClosesWith4000()
    {
        var log = new StringWriter();

        var closed = await QuickStart.RunAsync(server.Url("echo"), log).WaitAsync(Guard.HangTimeout);

        Assert.Equal(new WebSocketCloseInfo(4000, "bye"), closed);
        Assert.Equal(
            ["received text \"hello\"", "received binary[3] 01 02 03", "closed: 4000 \"bye\""],
            log.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    private static string Dedent(string block)
    {
        var lines = block.Split('\n');
        var indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
    }
}
