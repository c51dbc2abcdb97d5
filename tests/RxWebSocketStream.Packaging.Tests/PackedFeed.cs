using System.Diagnostics;
using System.Xml.Linq;

namespace RxWebSocketStream.Packaging.Tests;

/// <summary>
/// The packages, packed once for all the tests of the collection into a temporary folder (the feed), as a
/// release packs them (docs/packaging.md): <c>dotnet pack RxWebSocketStream.Packages.slnf</c> in Release, as a CI
/// build (<c>ContinuousIntegrationBuild</c>). Its bin/ and obj/ go to a temporary artifacts folder too
/// (<c>--artifacts-path</c>), so it never writes, or waits for, the build outputs other test projects are using,
/// and it builds only the packed projects, never this test project.
/// </summary>
public sealed class PackedFeed : IAsyncLifetime
{
    /// <summary>The package IDs, library packages first.</summary>
    public static readonly string[] LibraryIds = ["RxWebSocketStream", "RxWebSocketStream.AspNetCore", "RxWebSocketStream.Hosting", "RxWebSocketStream.Testing", "RxWebSocketStream.Redis"];

    public const string ToolId = "rxws";

    /// <summary>Only a guard against a hung build: a pack here takes one to three minutes on 2 busy cores.</summary>
    public static readonly TimeSpan BuildHangGuard = TimeSpan.FromMinutes(15);

    /// <summary>Only a guard against a hung program (the demo, a quick start): each ends in seconds.</summary>
    public static readonly TimeSpan RunHangGuard = TimeSpan.FromMinutes(2);

    /// <summary>The temporary folder holding everything the tests make; deleted at the end.</summary>
    public string Root { get; } = Directory.CreateTempSubdirectory("rxws-packaging-").FullName;

    /// <summary>The folder the packages are packed into: a local NuGet feed.</summary>
    public string Feed => Path.Combine(Root, "feed");

    /// <summary>The version every package has: <c>VersionPrefix</c>-<c>VersionSuffix</c> from Directory.Build.props.</summary>
    public string Version { get; } = ReadVersion();

    /// <summary>How long packing took, for the test output.</summary>
    public TimeSpan PackTime { get; private set; }

    /// <summary>Every package ID, as xunit theory data.</summary>
    public static TheoryData<string> AllIds => [.. LibraryIds, ToolId];

    /// <summary>The library package IDs, as xunit theory data.</summary>
    public static TheoryData<string> LibraryIdData => [.. LibraryIds];

    public string PackagePath(string id) => Path.Combine(Feed, $"{id}.{Version}.nupkg");

    public string SymbolPackagePath(string id) => Path.Combine(Feed, $"{id}.{Version}.snupkg");

    public async Task InitializeAsync()
    {
        var clock = Stopwatch.StartNew();
        string[] arguments =
        [
            "pack",
            Path.Combine(RepositoryRoot.Path, "RxWebSocketStream.Packages.slnf"),
            "--configuration", "Release",
            "--artifacts-path", Path.Combine(Root, "artifacts"),
            "--output", Feed,
            "-p:ContinuousIntegrationBuild=true",
            .. Command.GentleBuild,
        ];
        var pack = await Command.DotnetAsync(RepositoryRoot.Path, BuildHangGuard, null, arguments);
        pack.EnsureSuccess();
        PackTime = clock.Elapsed;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Root, recursive: true);
        return Task.CompletedTask;
    }

    private static string ReadVersion()
    {
        var props = XDocument.Load(Path.Combine(RepositoryRoot.Path, "Directory.Build.props"));
        var prefix = props.Descendants("VersionPrefix").Single().Value;
        var suffix = props.Descendants("VersionSuffix").Single().Value;
        return suffix.Length == 0 ? prefix : $"{prefix}-{suffix}";
    }
}

/// <summary>One pack for every test that needs the packages; xunit runs the collection's tests one after another.</summary>
[CollectionDefinition(Name)]
public sealed class PackedFeedCollection : ICollectionFixture<PackedFeed>
{
    public const string Name = "packed feed";
}
