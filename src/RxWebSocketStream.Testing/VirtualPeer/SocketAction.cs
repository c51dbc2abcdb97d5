using System.Globalization;
using System.Net.WebSockets;
using System.Text;

namespace RxWebSocketStream.Testing;

/// <summary>
/// One thing our side sent or did on a <see cref="VirtualWebSocket"/>, as its <see cref="VirtualPeer"/> saw it: a whole
/// message, a close frame, or an abort. Compared by value (payload bytes included), so it can be a marble legend value.
/// </summary>
public sealed class SocketAction : IEquatable<SocketAction>
{
    private static readonly UTF8Encoding Lenient = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly byte[] _payload;

    private SocketAction(SocketActionKind kind, byte[] payload, WebSocketCloseStatus? closeStatus, string? closeReason)
    {
        Kind = kind;
        _payload = payload;
        CloseStatus = closeStatus;
        CloseReason = closeReason;
    }

    /// <summary>Gets what kind of action this is.</summary>
    public SocketActionKind Kind { get; }

    /// <summary>Gets the message payload (empty for close frames and aborts).</summary>
    public ReadOnlyMemory<byte> Payload => _payload;

    /// <summary>Gets the payload of a text message decoded as UTF-8 (invalid bytes become U+FFFD), or <see langword="null"/>.</summary>
    public string? Text => Kind == SocketActionKind.Text ? Lenient.GetString(_payload) : null;

    /// <summary>
    /// Gets the code of a close frame as it goes on the wire, or <see langword="null"/> for a close frame with an empty
    /// body (<see cref="EmptyClose"/>) and for other actions. <see cref="WebSocketCloseStatus.Empty"/> (1005) is what the
    /// BCL puts on the wire when asked for an empty close.
    /// </summary>
    public WebSocketCloseStatus? CloseStatus { get; }

    /// <summary>Gets the reason of a close frame (empty when none), or <see langword="null"/> for other actions.</summary>
    public string? CloseReason { get; }

    /// <summary>Creates a text message action.</summary>
    /// <param name="text">The message text.</param>
    /// <returns>The action.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    public static SocketAction TextMessage(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new(SocketActionKind.Text, Encoding.UTF8.GetBytes(text), null, null);
    }

    /// <summary>Creates a binary message action.</summary>
    /// <param name="data">The message bytes (copied).</param>
    /// <returns>The action.</returns>
    public static SocketAction BinaryMessage(ReadOnlySpan<byte> data) => new(SocketActionKind.Binary, data.ToArray(), null, null);

    /// <summary>Creates a close frame action sent by <see cref="WebSocket.CloseAsync"/>.</summary>
    /// <param name="status">The close code.</param>
    /// <param name="reason">The reason; <see langword="null"/> means empty.</param>
    /// <returns>The action.</returns>
    public static SocketAction Close(WebSocketCloseStatus status, string? reason = null) => new(SocketActionKind.Close, [], status, reason ?? string.Empty);

    /// <summary>Creates a close frame action sent by <see cref="WebSocket.CloseOutputAsync"/> or by a protocol failure.</summary>
    /// <param name="status">The close code.</param>
    /// <param name="reason">The reason; <see langword="null"/> means empty.</param>
    /// <returns>The action.</returns>
    public static SocketAction CloseOutput(WebSocketCloseStatus status, string? reason = null) => new(SocketActionKind.CloseOutput, [], status, reason ?? string.Empty);

    /// <summary>
    /// Creates a close frame action with an empty body: what a socket over the library's own transport puts on the wire
    /// for a close without a code (<see cref="VirtualPeerOptions.ExactCloseFrames"/>).
    /// </summary>
    /// <param name="kind">
    /// <see cref="SocketActionKind.CloseOutput"/> (sent by <see cref="WebSocket.CloseOutputAsync"/>, as connections do) or
    /// <see cref="SocketActionKind.Close"/> (sent by <see cref="WebSocket.CloseAsync"/>).
    /// </param>
    /// <returns>The action.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not a close kind.</exception>
    public static SocketAction EmptyClose(SocketActionKind kind = SocketActionKind.CloseOutput) => kind is SocketActionKind.Close or SocketActionKind.CloseOutput
        ? new(kind, [], null, string.Empty)
        : throw new ArgumentOutOfRangeException(nameof(kind), kind, "An empty close frame is a Close or CloseOutput action.");

    /// <summary>Gets the abort action.</summary>
    public static SocketAction Abort { get; } = new(SocketActionKind.Abort, [], null, null);

    /// <summary>Gets the keep-alive PING action.</summary>
    public static SocketAction Ping { get; } = new(SocketActionKind.Ping, [], null, null);

    internal static SocketAction Message(WebSocketMessageType type, byte[] payload) =>
        new(type == WebSocketMessageType.Text ? SocketActionKind.Text : SocketActionKind.Binary, payload, null, null);

    /// <inheritdoc />
    public bool Equals(SocketAction? other) =>
        other is not null
        && Kind == other.Kind
        && CloseStatus == other.CloseStatus
        && string.Equals(CloseReason, other.CloseReason, StringComparison.Ordinal)
        && _payload.AsSpan().SequenceEqual(other._payload);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SocketAction);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Kind);
        hash.Add(CloseStatus);
        hash.Add(CloseReason, StringComparer.Ordinal);
        hash.AddBytes(_payload);
        return hash.ToHashCode();
    }

    /// <summary>Returns, for example, <c>Text("hi")</c>, <c>Binary[01 02]</c>, <c>Close(4000, "bye")</c>, <c>CloseOutput(empty)</c>, <c>Ping</c> or <c>Abort</c>.</summary>
    /// <returns>A readable description.</returns>
    public override string ToString() => Kind switch
    {
        SocketActionKind.Text => $"Text(\"{Text}\")",
        SocketActionKind.Binary => $"Binary[{Convert.ToHexString(_payload)}]",
        SocketActionKind.Abort => "Abort",
        SocketActionKind.Ping => "Ping",
        _ when CloseStatus is null => $"{Kind}(empty)",
        _ => string.Create(CultureInfo.InvariantCulture, $"{Kind}({(int)CloseStatus.Value}, \"{CloseReason}\")"),
    };

    /// <summary>Whether two actions are equal.</summary>
    /// <param name="left">The first action.</param>
    /// <param name="right">The second action.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public static bool operator ==(SocketAction? left, SocketAction? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Whether two actions differ.</summary>
    /// <param name="left">The first action.</param>
    /// <param name="right">The second action.</param>
    /// <returns><see langword="true"/> when they differ.</returns>
    public static bool operator !=(SocketAction? left, SocketAction? right) => !(left == right);
}
