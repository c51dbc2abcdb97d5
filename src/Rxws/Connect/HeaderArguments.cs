using System.Net;

namespace Rxws.Connect;

/// <summary>Parses <c>--header "Name: value"</c> arguments.</summary>
internal static class HeaderArguments
{
    /// <summary>Splits each header at its first colon; returns a one-line error for a header without a name.</summary>
    public static bool TryParse(IEnumerable<string> headers, out List<KeyValuePair<string, string>> parsed, out string? error)
    {
        parsed = [];
        error = null;
        foreach (var header in headers)
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            var name = colon > 0 ? header[..colon].Trim() : string.Empty;
            if (name.Length == 0)
            {
                error = $"rxws connect: invalid --header \"{header}\": expected \"Name: value\".";
                return false;
            }

            var value = header[(colon + 1)..].Trim();
            try
            {
                // The same check ClientWebSocketOptions.SetRequestHeader makes, done before connecting so a
                // bad header is a usage error rather than a failed handshake.
                new WebHeaderCollection().Set(name, value);
            }
            catch (ArgumentException e)
            {
                error = $"rxws connect: invalid --header \"{header}\": {UsageMessages.OneLine(e)}";
                return false;
            }

            parsed.Add(new(name, value));
        }

        return true;
    }
}
