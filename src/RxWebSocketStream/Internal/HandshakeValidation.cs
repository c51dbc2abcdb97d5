namespace RxWebSocketStream.Internal;

/// <summary>
/// The synchronous checks of the browser's <c>WebSocketStream</c> constructor: the URL and the
/// sub-protocols. Failures are <see cref="ArgumentException"/>s that name the bad value. The server
/// package checks its list of supported sub-protocols with the same rule.
/// </summary>
internal static class HandshakeValidation
{
    /// <summary>
    /// Returns the URL to connect to: ws or wss (http becomes ws, https becomes wss, any case), absolute,
    /// with no fragment, not even an empty <c>#</c>.
    /// </summary>
    public static Uri NormalizeUrl(Uri url, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(url, parameterName);

        if (!url.IsAbsoluteUri)
        {
            throw new ArgumentException($"The URL '{url}' is relative; a WebSocket URL must be absolute (ws://, wss://, http:// or https://).", parameterName);
        }

        // Uri drops an empty fragment from Fragment but keeps it in OriginalString, and the browser rejects both.
        if (url.Fragment.Length > 0 || url.OriginalString.Contains('#', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The URL '{url.OriginalString}' has a fragment; WebSocket URLs must not have one (RFC 6455 section 3).", parameterName);
        }

        var scheme = url.Scheme.ToUpperInvariant() switch
        {
            "WS" or "HTTP" => "ws",
            "WSS" or "HTTPS" => "wss",
            _ => throw new ArgumentException($"The URL scheme '{url.Scheme}' is not supported; use ws, wss, http or https.", parameterName),
        };

        return scheme == url.Scheme ? url : new UriBuilder(url) { Scheme = scheme, Port = url.IsDefaultPort ? -1 : url.Port }.Uri;
    }

    /// <summary>Throws unless every protocol is a non-empty RFC 7230 token and none repeats.</summary>
    public static void ValidateProtocols(IReadOnlyList<string> protocols, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(protocols, parameterName);

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < protocols.Count; i++)
        {
            var protocol = protocols[i];
            if (string.IsNullOrEmpty(protocol))
            {
                throw new ArgumentException($"Sub-protocol {i} is empty; a sub-protocol must be a non-empty token.", parameterName);
            }

            var bad = protocol.AsSpan().IndexOfAnyExcept(TokenChars);
            if (bad >= 0)
            {
                throw new ArgumentException($"Sub-protocol '{protocol}' has the character '{protocol[bad]}' at {bad}, which an RFC 7230 token may not contain.", parameterName);
            }

            if (!seen.Add(protocol))
            {
                throw new ArgumentException($"Sub-protocol '{protocol}' appears twice.", parameterName);
            }
        }
    }

    // RFC 7230 section 3.2.6: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
    private static readonly System.Buffers.SearchValues<char> TokenChars = System.Buffers.SearchValues.Create(
        "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
}
