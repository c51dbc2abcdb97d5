namespace RxWebSocketStream.AspNetCore.Internal;

/// <summary>Picks the sub-protocol for the 101 response (RFC 6455 section 4.2.2: one the client offered, or none).</summary>
internal static class SubProtocolSelection
{
    /// <summary>
    /// The sub-protocol to select: the callback's answer, or the first of the server's list that the client
    /// offered (sub-protocol names are compared exactly, as the client does), or <see langword="null"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The callback picked a sub-protocol the client did not offer.</exception>
    public static string? Select(IList<string> offered, WebSocketServerOptions options)
    {
        if (offered.Count == 0)
        {
            return null;
        }

        if (options.SelectSubProtocol is { } select)
        {
            var picked = select(offered.AsReadOnly());
            if (picked is not null && !offered.Contains(picked, StringComparer.Ordinal))
            {
                throw new InvalidOperationException($"SelectSubProtocol picked '{picked}', which the client did not offer ({string.Join(", ", offered)}); RFC 6455 allows only an offered sub-protocol, or none (null).");
            }

            return picked;
        }

        foreach (var supported in options.SubProtocols)
        {
            if (offered.Contains(supported, StringComparer.Ordinal))
            {
                return supported;
            }
        }

        return null;
    }
}
