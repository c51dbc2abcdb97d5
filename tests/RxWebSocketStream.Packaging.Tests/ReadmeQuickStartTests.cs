using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace RxWebSocketStream.Packaging.Tests;

/// <summary>
/// A new user's first ten minutes: a fresh console project outside the repository that references the packed
/// packages from the feed folder (PackageReference, and a nuget.config with that folder beside the usual
/// sources), with the README quick starts pasted in. The AspNetCore README's server and the core README's client
/// then talk to each other over loopback, the Hosting README's worker talks to the same server, and the Testing
/// README's marble test runs. The Redis README's quick start builds with the rest; it is not run, since it needs a
/// Redis server.
/// </summary>
[Collection(PackedFeedCollection.Name)]
public sealed partial class ReadmeQuickStartTests(PackedFeed feed, ITestOutputHelper output)
{
    [Fact]
    public async Task QuickStarts_BuildAgainstThePackedPackages_AndTheClientTalksToTheServer()
    {
        var clock = Stopwatch.StartNew();
        var project = Directory.CreateDirectory(Path.Combine(feed.Root, "consumer")).FullName;
        var packagesFolder = Path.Combine(feed.Root, "consumer-packages");
        WriteProject(project, packagesFolder, new Dictionary<string, string>
        {
            ["CoreReadme"] = ReadmeOf("RxWebSocketStream"),
            ["AspNetCoreReadme"] = ReadmeOf("RxWebSocketStream.AspNetCore"),
            ["HostingReadme"] = ReadmeOf("RxWebSocketStream.Hosting"),
            ["TestingReadme"] = ReadmeOf("RxWebSocketStream.Testing"),
            ["RedisReadme"] = ReadmeOf("RxWebSocketStream.Redis"),
        });

        (await Command.DotnetAsync(project, PackedFeed.BuildHangGuard, null, ["build", .. Command.GentleBuild])).EnsureSuccess();
        output.WriteLine($"restore and build of the consumer: {clock.Elapsed.TotalSeconds:0.0} s");
        foreach (var id in PackedFeed.LibraryIds)
        {
            // A fresh packages folder, so nothing stale can stand in for what was just packed; and it came from the feed.
            var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(packagesFolder, id.ToLowerInvariant(), feed.Version, ".nupkg.metadata")));
            Assert.Equal(Path.TrimEndingDirectorySeparator(feed.Feed), Path.TrimEndingDirectorySeparator(metadata.RootElement.GetProperty("source").GetString()!));
        }

        var program = Path.Combine(project, "bin", "Debug", "net10.0", "Consumer.dll");
        var testing = await Command.DotnetAsync(project, PackedFeed.RunHangGuard, null, program, "TestingReadme");
        testing.EnsureSuccess();

        using var server = Command.Start(Command.DotnetHost, [program, "AspNetCoreReadme"], project, new Dictionary<string, string> { ["ASPNETCORE_URLS"] = "http://127.0.0.1:0" });
        var listening = await server.LineMatchingAsync(ListeningLine(), PackedFeed.RunHangGuard);
        var url = $"ws://127.0.0.1:{listening.Groups["port"].Value}/echo";

        var client = await Command.DotnetAsync(project, PackedFeed.RunHangGuard, null, program, "CoreReadme", url);

        client.EnsureSuccess();
        Assert.Equal(["received text \"hello\"", "received binary[3] 01 02 03", "closed: 1000 \"done\""], client.Output.TrimEnd().Split('\n').Select(static line => line.TrimEnd('\r')));

        // The Hosting README's worker, its URL from the command line as its text says, against the same echo server.
        var worker = await Command.DotnetAsync(project, PackedFeed.RunHangGuard, null, program, "HostingReadme", $"--WebSockets:feed:Url={url}");

        worker.EnsureSuccess();
        Assert.Contains("received hello", worker.Output.Split('\n').Select(static line => line.TrimEnd('\r')));
        output.WriteLine($"whole quick-start test: {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private string ReadmeOf(string id) => ReadmeProgram.QuickStart(PackageFile.Open(feed.PackagePath(id)).Text("README.md"));

    private void WriteProject(string project, string packagesFolder, Dictionary<string, string> snippets)
    {
        // Empty ones, so that nothing above the temporary folder (a Directory.Build.props, central package versions) applies.
        foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            File.WriteAllText(Path.Combine(project, name), "<Project />\n");
        }

        File.WriteAllText(Path.Combine(project, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{packagesFolder}" />
              </config>
              <packageSources>
                <add key="packed" value="{feed.Feed}" />
              </packageSources>
            </configuration>
            """);
        var references = string.Concat(PackedFeed.LibraryIds.Select(id => $"""    <PackageReference Include="{id}" Version="{feed.Version}" />{'\n'}"""));
        File.WriteAllText(Path.Combine(project, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
            {references}  </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(project, "Program.cs"), ReadmeProgram.Compose(snippets));
    }

    // ASP.NET Core's own startup line: "Now listening on: http://127.0.0.1:38841".
    [GeneratedRegex(@"Now listening on: http://127\.0\.0\.1:(?<port>\d+)")]
    private static partial Regex ListeningLine();
}
