namespace RxWebSocketStream.AspNetCore.Internal;

/// <summary>
/// Cross-site WebSocket hijacking protection: the browser sends the page's origin with every WebSocket
/// handshake, and the server refuses origins it does not know before the upgrade.
/// </summary>
internal static class OriginPolicy
{
    /// <summary>Throws unless every item is an origin: <c>scheme://host[:port]</c>, optionally with a trailing slash.</summary>
    public static void Validate(IReadOnlyList<string> origins, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(origins, parameterName);
        for (var i = 0; i < origins.Count; i++)
        {
            var origin = origins[i] ?? throw new ArgumentNullException(parameterName, $"Allowed origin {i} is null.");
            if (Normalize(origin, out var problem) is null)
            {
                throw new ArgumentException($"The allowed origin '{origin}' is not an origin: {problem}. An origin is scheme://host[:port], for example https://example.org.", parameterName);
            }
        }
    }

    /// <summary>
    /// Whether a request with this <c>Origin</c> header may connect. No header: allowed (browsers always send
    /// one, so only non-browser clients omit it). The opaque origin <c>null</c> and anything unparsable never
    /// match a list.
    /// </summary>
    public static bool IsAllowed(string? originHeader, IReadOnlyList<string> allowedOrigins)
    {
        if (allowedOrigins.Count == 0 || string.IsNullOrEmpty(originHeader))
        {
            return true;
        }

        if (Normalize(originHeader, out _) is not { } origin)
        {
            return false;
        }

        foreach (var allowed in allowedOrigins)
        {
            if (string.Equals(Normalize(allowed, out _), origin, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The origin as <c>scheme://host[:port]</c> in lower case without a default port, or <see langword="null"/>.</summary>
    private static string? Normalize(string origin, out string problem)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.HostNameType == UriHostNameType.Unknown || uri.Host.Length == 0)
        {
            problem = "it has no scheme and host";
            return null;
        }

        if (uri.UserInfo.Length > 0)
        {
            problem = "it has user info";
            return null;
        }

        if (uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || origin.Contains('#', StringComparison.Ordinal) || origin.Contains('?', StringComparison.Ordinal))
        {
            problem = "it has a path, query or fragment";
            return null;
        }

        problem = string.Empty;
        return uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant();
    }
}
