using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit.Abstractions;

namespace RxWebSocketStream.Packaging.Tests;

/// <summary>What each package holds and says about itself, read from the packed files (docs/packaging.md).</summary>
[Collection(PackedFeedCollection.Name)]
public sealed partial class PackageContentsTests(PackedFeed feed, ITestOutputHelper output)
{
    private const string Framework = "net10.0";

    // Source Link's entry in a portable PDB (https://github.com/dotnet/runtime/blob/main/docs/design/specs/PortablePdb-Metadata.md).
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");

    /// <summary>The namespaces each library's public types may use: the package's own, and the documented exception.</summary>
    private static readonly Dictionary<string, string[]> PublicNamespaces = new()
    {
        ["RxWebSocketStream"] = ["RxWebSocketStream", "RxWebSocketStream.Multiplexing"],
        ["RxWebSocketStream.AspNetCore"] = ["RxWebSocketStream.AspNetCore"],
        ["RxWebSocketStream.Hosting"] = ["RxWebSocketStream.Hosting"],
        ["RxWebSocketStream.Testing"] = ["RxWebSocketStream.Testing"],
        ["RxWebSocketStream.Redis"] = ["RxWebSocketStream.Redis"],
    };

    private static readonly XDocument BuildProps = XDocument.Load(Path.Combine(RepositoryRoot.Path, "Directory.Build.props"));

    [Theory]
    [MemberData(nameof(PackedFeed.AllIds), MemberType = typeof(PackedFeed))]
    public void Package_CarriesItsReadmeLicenseAndMetadata(string id)
    {
        output.WriteLine($"packing took {feed.PackTime.TotalSeconds:0.0} s");
        var package = PackageFile.Open(feed.PackagePath(id));

        Assert.Equal(id, package.Field("id"));
        Assert.Equal(feed.Version, package.Field("version"));
        Assert.Equal("RxWebSocketStream contributors", package.Field("authors"));
        var license = Assert.Single(package.MetadataElements("license"));
        Assert.Equal(("expression", "MIT"), ((string?)license.Attribute("type"), license.Value));
        Assert.Equal("README.md", package.Field("readme"));
        Assert.Equal(Property("RepositoryUrl"), package.Field("projectUrl"));
        var repository = Assert.Single(package.MetadataElements("repository"));
        Assert.Equal(Property("RepositoryUrl"), (string?)repository.Attribute("url"));
        Assert.Matches("^[0-9a-f]{40}$", (string?)repository.Attribute("commit"));
        Assert.Contains("CHANGELOG.md", package.Field("releaseNotes"), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(package.Field("description")));
        Assert.True(package.Field("tags")?.Split(' ').Length >= 3, $"{id} should have tags; it has '{package.Field("tags")}'.");

        Assert.Equal(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "src", id == PackedFeed.ToolId ? "Rxws" : id, "README.md")), package.Text("README.md"));
        Assert.Equal(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "LICENSE")), package.Text("LICENSE"));
    }

    [Theory]
    [MemberData(nameof(PackedFeed.LibraryIdData), MemberType = typeof(PackedFeed))]
    public void LibraryPackage_HoldsTheAssemblyAndItsXmlDocs_ForEveryPublicType(string id)
    {
        var package = PackageFile.Open(feed.PackagePath(id));

        Assert.Equal(new[] { "LICENSE", "README.md", $"lib/{Framework}/{id}.dll", $"lib/{Framework}/{id}.xml", $"{id}.nuspec" }.Order(StringComparer.Ordinal), package.Files);
        var docs = XDocument.Parse(package.Text($"lib/{Framework}/{id}.xml"));
        var documented = docs.Descendants("member").Select(static m => (string?)m.Attribute("name")).ToHashSet();
        var publicTypes = PublicTypes(package.Bytes($"lib/{Framework}/{id}.dll"));
        Assert.NotEmpty(publicTypes);
        Assert.All(publicTypes, type => Assert.Contains($"T:{type}", documented));
    }

    [Theory]
    [MemberData(nameof(PackedFeed.LibraryIdData), MemberType = typeof(PackedFeed))]
    public void LibraryPackage_PublicTypesAreInThePackagesNamespace(string id)
    {
        var package = PackageFile.Open(feed.PackagePath(id));

        // The rule users rely on (docs/packaging.md): source folders do not make namespaces.
        Assert.All(
            PublicTypes(package.Bytes($"lib/{Framework}/{id}.dll")),
            type => Assert.Contains(type[..type.LastIndexOf('.')], PublicNamespaces[id]));
    }

    [Fact]
    public void CorePackage_DependsOnSystemReactive_AndTheLowestLoggingAbstractions()
    {
        var package = PackageFile.Open(feed.PackagePath("RxWebSocketStream"));

        // docs/observability.md, "The dependency": the lowest version with what the library uses, so apps lift it.
        var dependencies = Dependencies(package);
        Assert.Equal(["Microsoft.Extensions.Logging.Abstractions", "System.Reactive"], dependencies.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("6.0.0", dependencies["Microsoft.Extensions.Logging.Abstractions"]);
        Assert.Empty(package.MetadataElements("frameworkReference"));
    }

    [Fact]
    public void AspNetCorePackage_DependsOnTheSameCoreVersion_AndTheAspNetCoreFramework()
    {
        var package = PackageFile.Open(feed.PackagePath("RxWebSocketStream.AspNetCore"));

        Assert.Equal(new Dictionary<string, string> { ["RxWebSocketStream"] = feed.Version }, Dependencies(package));
        Assert.Equal(["Microsoft.AspNetCore.App"], package.MetadataElements("frameworkReference").Select(static f => (string?)f.Attribute("name")));
    }

    [Fact]
    public void RedisPackage_DependsOnTheSameCoreAndServerVersions_StackExchangeRedis_AndTheAspNetCoreFramework()
    {
        var package = PackageFile.Open(feed.PackagePath("RxWebSocketStream.Redis"));
        var central = XDocument.Load(Path.Combine(RepositoryRoot.Path, "Directory.Packages.props"));
        string Central(string id) => (string)central.Descendants("PackageVersion").Single(p => (string?)p.Attribute("Include") == id).Attribute("Version")!;

        // The core package takes no Redis dependency (CorePackage_DependsOnSystemReactiveOnly); this one does.
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["RxWebSocketStream"] = feed.Version,
                ["RxWebSocketStream.AspNetCore"] = feed.Version,
                ["StackExchange.Redis"] = Central("StackExchange.Redis"),
                ["System.IO.Hashing"] = Central("System.IO.Hashing"),
            },
            Dependencies(package));
        Assert.Equal(["Microsoft.AspNetCore.App"], package.MetadataElements("frameworkReference").Select(static f => (string?)f.Attribute("name")));
    }

    [Fact]
    public void HostingPackage_DependsOnTheSameCoreVersion_AndTheExtensionsAbstractionsOnly()
    {
        var package = PackageFile.Open(feed.PackagePath("RxWebSocketStream.Hosting"));

        // No Microsoft.Extensions.Hosting: the application's host brings the implementations (docs/hosting.md).
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["Microsoft.Extensions.Hosting.Abstractions"] = "8.0.0",
                ["Microsoft.Extensions.Options.ConfigurationExtensions"] = "8.0.0",
                ["RxWebSocketStream"] = feed.Version,
            },
            Dependencies(package));
        Assert.Empty(package.MetadataElements("frameworkReference"));
    }

    [Fact]
    public void TestingPackage_DependsOnTheSameCoreVersion_AndSystemReactive()
    {
        var package = PackageFile.Open(feed.PackagePath("RxWebSocketStream.Testing"));

        var dependencies = Dependencies(package);
        Assert.Equal(["RxWebSocketStream", "System.Reactive"], dependencies.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(feed.Version, dependencies["RxWebSocketStream"]);
    }

    [Fact]
    public void ToolPackage_IsTheRxwsCommand_WithTheLibraryButNotTheTestingKit()
    {
        var package = PackageFile.Open(feed.PackagePath(PackedFeed.ToolId));
        var tools = $"tools/{Framework}/any/";

        Assert.Equal(["DotnetTool"], package.MetadataElements("packageType").Select(static t => (string?)t.Attribute("name")));
        Assert.Empty(package.MetadataElements("dependency"));
        var command = Assert.Single(XDocument.Parse(package.Text(tools + "DotnetToolSettings.xml")).Descendants("Command"));
        Assert.Equal(("rxws", "rxws.dll"), ((string?)command.Attribute("Name"), (string?)command.Attribute("EntryPoint")));
        Assert.Contains(tools + "RxWebSocketStream.dll", package.Files);
        Assert.Contains(tools + "RxWebSocketStream.AspNetCore.dll", package.Files);
        Assert.DoesNotContain(package.Files, static file => file.Contains("RxWebSocketStream.Testing", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(PackedFeed.AllIds), MemberType = typeof(PackedFeed))]
    public void Package_HoldsNoTestOrBenchmarkAssembly(string id)
    {
        var files = PackageFile.Open(feed.PackagePath(id)).Files.Concat(PackageFile.Open(feed.SymbolPackagePath(id)).Files);

        Assert.DoesNotContain(files, static file => TestOrBenchmarkFile().IsMatch(file));
    }

    [Theory]
    [MemberData(nameof(PackedFeed.AllIds), MemberType = typeof(PackedFeed))]
    public void SymbolPackage_HoldsDeterministicPdbs_WhoseSourceLinkPointsAtTheCommit(string id)
    {
        var package = PackageFile.Open(feed.PackagePath(id));
        var symbols = PackageFile.Open(feed.SymbolPackagePath(id));
        var commit = (string)package.MetadataElements("repository").Single().Attribute("commit")!;
        var assembly = id == PackedFeed.ToolId ? $"tools/{Framework}/any/rxws" : $"lib/{Framework}/{id}";

        Assert.Contains(assembly + ".pdb", symbols.Files);
        using (var pe = new PEReader(new MemoryStream(package.Bytes(assembly + ".dll"))))
        {
            // A deterministic compilation marks its output so: the same sources and references give the same bytes.
            Assert.Contains(pe.ReadDebugDirectory(), static entry => entry.Type == DebugDirectoryEntryType.Reproducible);
        }

        // ContinuousIntegrationBuild maps the repository root to /_/; Source Link maps that to the raw files at the commit.
        var map = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string>>>(SourceLinkJson(symbols.Bytes(assembly + ".pdb")))!["documents"];
        var (local, url) = Assert.Single(map);
        Assert.Equal("/_/*", local);
        Assert.StartsWith("https://raw.githubusercontent.com/", url, StringComparison.Ordinal);
        Assert.EndsWith($"/{commit}/*", url, StringComparison.Ordinal);
    }

    private static string? Property(string name) => BuildProps.Descendants(name).Single().Value;

    private static Dictionary<string, string> Dependencies(PackageFile package)
    {
        var group = Assert.Single(package.MetadataElements("group"), static g => g.Parent?.Name.LocalName == "dependencies");
        Assert.Equal(Framework, (string?)group.Attribute("targetFramework"));
        return group.Elements().ToDictionary(static d => (string)d.Attribute("id")!, static d => (string)d.Attribute("version")!);
    }

    /// <summary>The full names of an assembly's public top-level types, read from its metadata without loading it.</summary>
    private static List<string> PublicTypes(byte[] assembly)
    {
        using var pe = new PEReader(new MemoryStream(assembly));
        var reader = pe.GetMetadataReader();
        return
        [
            .. reader.TypeDefinitions
                .Select(reader.GetTypeDefinition)
                .Where(static t => (t.Attributes & TypeAttributes.VisibilityMask) == TypeAttributes.Public)
                .Select(t => $"{reader.GetString(t.Namespace)}.{reader.GetString(t.Name)}"),
        ];
    }

    private static string SourceLinkJson(byte[] pdb)
    {
        using var provider = MetadataReaderProvider.FromPortablePdbStream(new MemoryStream(pdb));
        var reader = provider.GetMetadataReader();
        var sourceLink = reader.CustomDebugInformation
            .Select(reader.GetCustomDebugInformation)
            .Where(info => reader.GetGuid(info.Kind) == SourceLinkKind)
            .ToList();
        return Encoding.UTF8.GetString(reader.GetBlobBytes(Assert.Single(sourceLink).Value));
    }

    [GeneratedRegex(@"\.Tests\.(dll|pdb|xml)$|Benchmark|xunit|Microsoft\.TestPlatform|testhost|Microsoft\.NET\.Test", RegexOptions.IgnoreCase)]
    private static partial Regex TestOrBenchmarkFile();
}
