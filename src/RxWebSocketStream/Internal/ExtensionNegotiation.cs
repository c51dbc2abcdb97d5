namespace RxWebSocketStream.Internal;

/// <summary>
/// RFC 6455 4.1: "If the response includes a |Sec-WebSocket-Extensions| header field and this header field indicates
/// the use of an extension that was not present in the client's handshake [...], the client MUST _Fail the WebSocket
/// Connection_." The BCL checks sub-protocols but not extensions, so this compares the names.
/// </summary>
internal static class ExtensionNegotiation
{
    /// <summary>
    /// Returns the first extension the server accepted that the client did not offer, or <see langword="null"/> when
    /// every accepted extension was offered.
    /// </summary>
    /// <param name="offered">The request's <c>Sec-WebSocket-Extensions</c> header values.</param>
    /// <param name="accepted">The response's <c>Sec-WebSocket-Extensions</c> header values.</param>
    public static string? Unoffered(IReadOnlyList<string> offered, IReadOnlyList<string> accepted)
    {
        if (accepted.Count == 0)
        {
            return null;
        }

        var offeredNames = offered.SelectMany(Names).ToHashSet(StringComparer.Ordinal);
        return accepted.SelectMany(Names).FirstOrDefault(name => !offeredNames.Contains(name));
    }

    /// <summary>
    /// The extension names in one header value (RFC 6455 9.1: <c>1#( token *( ";" param ) )</c>): each element's
    /// first token; commas inside a quoted parameter value do not separate elements.
    /// </summary>
    public static IEnumerable<string> Names(string headerValue)
    {
        var names = new List<string>();
        var elementStart = 0;
        var inQuotes = false;
        for (var i = 0; i <= headerValue.Length; i++)
        {
            var end = i == headerValue.Length;
            var c = end ? ',' : headerValue[i];
            if (c == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (c == '\\' && inQuotes && i + 1 < headerValue.Length)
            {
                i++;
            }
            else if (c == ',' && (!inQuotes || end))
            {
                var element = headerValue.AsSpan(elementStart, i - elementStart);
                var semicolon = element.IndexOf(';');
                var name = (semicolon < 0 ? element : element[..semicolon]).Trim();
                if (!name.IsEmpty)
                {
                    names.Add(name.ToString());
                }

                elementStart = i + 1;
            }
        }

        return names;
    }
}
