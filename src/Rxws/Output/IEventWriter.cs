using RxWebSocketStream;

namespace Rxws.Output;

/// <summary>
/// Where the tool reports what happens, one line per event: <see cref="JsonEventWriter"/> for
/// <c>--json</c>, <see cref="TextEventWriter"/> otherwise. Every method is safe to call from any thread,
/// writes one whole line and flushes it.
/// </summary>
/// <remarks>
/// <c>conn</c> numbers the connections of <c>serve</c> from 1; <c>connect</c> passes <see langword="null"/>
/// and the field is left out.
/// </remarks>
internal interface IEventWriter
{
    /// <summary>The server listens at <paramref name="url"/> (serve, always the first line).</summary>
    void Listening(Uri url);

    /// <summary>The connection opened with the negotiated sub-protocol and extensions.</summary>
    void Open(int? conn, WebSocketOpenInfo info);

    /// <summary>A whole message arrived from the peer.</summary>
    void Message(int? conn, Message message);

    /// <summary>The connection ended; always the last event of a connection.</summary>
    void Closed(int? conn, CloseOutcome outcome);

    /// <summary>Something went wrong that the user should hear about (a failed handshake, a bad input line).</summary>
    void Error(int? conn, string message);
}
