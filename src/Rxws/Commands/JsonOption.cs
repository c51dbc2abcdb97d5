using System.CommandLine;

namespace Rxws.Commands;

/// <summary>The <c>--json</c> option every command shares.</summary>
internal static class JsonOption
{
    public static Option<bool> Create() => new("--json") { Description = "Print one JSON object per line instead of readable lines." };
}
