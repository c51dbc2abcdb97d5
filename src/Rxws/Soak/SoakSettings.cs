namespace Rxws.Soak;

/// <summary>One <c>rxws soak</c> run, as the command line asked for it.</summary>
/// <param name="Messages">How many messages to send in all, numbered 0 to <c>Messages - 1</c>.</param>
/// <param name="Connections">How many connections send at once; each reconnects after an abort.</param>
/// <param name="AbortEvery">The mean number of messages between two abort points; 0 for none.</param>
/// <param name="Seed">Chooses the abort points and which messages go through <c>SendAsync</c> rather than the sink.</param>
/// <param name="Size">The size of each message in bytes, at least 8.</param>
/// <param name="Window">How many messages a connection may have sent and not yet seen echoed.</param>
/// <param name="Url">An external echo server, or <see langword="null"/> for the embedded one.</param>
/// <param name="AbortBy">Which end breaks the TCP connection at an abort point.</param>
internal sealed record SoakSettings(int Messages, int Connections, int AbortEvery, int Seed, int Size, int Window, Uri? Url, AbortSide AbortBy);

/// <summary>Which end of the connection breaks the TCP connection at an abort point.</summary>
internal enum AbortSide
{
    /// <summary>The embedded echo server aborts the request when the abort-point message arrives, before echoing it.</summary>
    Server,

    /// <summary>The soak client shuts its own TCP socket down, under the library, when the abort point's echo arrives.</summary>
    Client,
}
