using System.Text.Json;

namespace Rxws.Tests.Infrastructure;

/// <summary>Reads the tool's JSON lines.</summary>
internal static class Json
{
    public static string Event(string? line) => Parse(line).GetProperty("event").GetString()!;

    public static JsonElement Parse(string? line)
    {
        Assert.NotNull(line);
        using var document = JsonDocument.Parse(line);
        return document.RootElement.Clone();
    }

    /// <summary>The ws:// URL of a serve <c>listening</c> line.</summary>
    public static string ListeningUrl(string? line)
    {
        var json = Parse(line);
        Assert.Equal("listening", json.GetProperty("event").GetString());
        return json.GetProperty("url").GetString()!;
    }
}
