using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace RxWebSocketStream.Packaging.Tests;

/// <summary>
/// <c>rxws</c> installed the way docs/packaging.md says, from the feed folder (into a temporary tool path rather than
/// the machine's global tools), then run as a user runs it.
/// </summary>
[Collection(PackedFeedCollection.Name)]
public sealed partial class ToolTests(PackedFeed feed, ITestOutputHelper output)
{
    [Fact]
    public async Task Tool_InstallsFromTheFolder_ThenHelpAndTheDemoRun()
    {
        var clock = Stopwatch.StartNew();
        var toolPath = Path.Combine(feed.Root, "tools");
        // Only the feed: no other source can answer for rxws, and a fresh packages folder holds no stale copy.
        var config = Path.Combine(feed.Root, "tool-nuget.config");
        File.WriteAllText(config, """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
              </packageSources>
            </configuration>
            """);

        var install = await Command.DotnetAsync(
            feed.Root,
            PackedFeed.BuildHangGuard,
            new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(feed.Root, "tool-packages") },
            "tool", "install", PackedFeed.ToolId, "--tool-path", toolPath, "--add-source", feed.Feed, "--configfile", config, "--version", feed.Version);

        install.EnsureSuccess();
        Assert.True(Directory.Exists(Path.Combine(toolPath, ".store", PackedFeed.ToolId, feed.Version)), install.Output);
        var rxws = Path.Combine(toolPath, PackedFeed.ToolId);

        var help = await Command.RunAsync(rxws, ["--help"], feed.Root, PackedFeed.RunHangGuard);
        help.EnsureSuccess();
        Assert.All(new[] { "connect", "serve", "bench", "soak" }, command => Assert.Contains(command, help.Output, StringComparison.Ordinal));

        var demo = await Command.RunAsync(rxws, [], feed.Root, PackedFeed.RunHangGuard);
        demo.EnsureSuccess();
        Assert.Matches(DemoEnd("client"), demo.Output);
        Assert.Matches(DemoEnd("server"), demo.Output);
        output.WriteLine($"install, --help and the demo: {clock.Elapsed.TotalSeconds:0.0} s");
    }

    // The demo's last lines: each end reports the clean close it saw (docs/rxws.md).
    private static Regex DemoEnd(string side) => new($@"{side}\s+closed clean 1000 ""demo done""");
}
