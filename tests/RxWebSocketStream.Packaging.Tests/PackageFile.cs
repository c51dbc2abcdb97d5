using System.IO.Compression;
using System.Xml.Linq;

namespace RxWebSocketStream.Packaging.Tests;

/// <summary>A .nupkg or .snupkg read as what it is, a zip: its file list, its .nuspec, and any entry's bytes.</summary>
internal sealed class PackageFile
{
    private readonly Dictionary<string, byte[]> _entries;

    private PackageFile(Dictionary<string, byte[]> entries, XElement metadata)
    {
        _entries = entries;
        Metadata = metadata;
    }

    /// <summary>The files a user gets, without the zip's packaging parts (_rels, [Content_Types].xml, package/).</summary>
    public IReadOnlyList<string> Files =>
        [.. _entries.Keys.Where(static name => !name.StartsWith("_rels/", StringComparison.Ordinal) && !name.StartsWith("package/", StringComparison.Ordinal) && name != "[Content_Types].xml").Order(StringComparer.Ordinal)];

    /// <summary>The .nuspec's metadata element.</summary>
    public XElement Metadata { get; }

    public static PackageFile Open(string path)
    {
        Assert.True(File.Exists(path), $"{Path.GetFileName(path)} was not packed. The feed holds: {string.Join(", ", Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName))}");
        using var zip = ZipFile.OpenRead(path);
        var entries = zip.Entries.ToDictionary(static e => e.FullName, static e =>
        {
            using var stream = e.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        });
        var nuspec = Assert.Single(entries, static e => e.Key.EndsWith(".nuspec", StringComparison.Ordinal) && !e.Key.Contains('/', StringComparison.Ordinal));
        using var nuspecStream = new MemoryStream(nuspec.Value);
        return new PackageFile(entries, XDocument.Load(nuspecStream).Root!.Elements().Single(static e => e.Name.LocalName == "metadata"));
    }

    /// <summary>A metadata element's text, or null when the .nuspec does not have it.</summary>
    public string? Field(string name) => Metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

    /// <summary>The metadata elements with this local name, wherever they are under metadata.</summary>
    public IEnumerable<XElement> MetadataElements(string name) => Metadata.Descendants().Where(e => e.Name.LocalName == name);

    public byte[] Bytes(string file)
    {
        Assert.True(_entries.TryGetValue(file, out var bytes), $"The package has no {file}; it has {string.Join(", ", Files)}.");
        return bytes;
    }

    public string Text(string file) => System.Text.Encoding.UTF8.GetString(Bytes(file)).TrimStart('\uFEFF');
}
