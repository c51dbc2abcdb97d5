using System.Buffers.Binary;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;

namespace RxWebSocketStream.Testing;

/// <summary>
/// One step of a <see cref="VirtualPeer"/>'s script: a frame or message it sends, a close frame, a connection drop, or a
/// change in whether it reads what our side sends. Frames are sent as given, so a script can also break the protocol; the
/// <see cref="VirtualWebSocket"/> then fails the connection exactly as the BCL's managed WebSocket does.
/// </summary>
public abstract class PeerAction
{
    private protected PeerAction()
    {
    }

    /// <summary>A text message in one frame.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The action.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    public static PeerAction Text(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new Frames($"Text(\"{text}\")", [new InboundFrame(InboundFrame.Opcode.Text, Encoding.UTF8.GetBytes(text), true)]);
    }

    /// <summary>A binary message in one frame.</summary>
    /// <param name="data">The bytes (copied).</param>
    /// <returns>The action.</returns>
    public static PeerAction Binary(ReadOnlySpan<byte> data) =>
        new Frames($"Binary[{Convert.ToHexString(data)}]", [new InboundFrame(InboundFrame.Opcode.Binary, data.ToArray(), true)]);

    /// <summary>A text message in several frames sent at once: the first a text frame, the others continuations.</summary>
    /// <param name="parts">The text of each frame (at least one).</param>
    /// <returns>The action.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="parts"/> or one of its items is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="parts"/> is empty.</exception>
    public static PeerAction TextFragments(params string[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        return Fragments(WebSocketMessageType.Text, parts.Select(p => Encoding.UTF8.GetBytes(p ?? throw new ArgumentNullException(nameof(parts)))).ToArray(), nameof(parts));
    }

    /// <summary>A binary message in several frames sent at once: the first a binary frame, the others continuations.</summary>
    /// <param name="parts">The bytes of each frame (at least one).</param>
    /// <returns>The action.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="parts"/> or one of its items is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="parts"/> is empty.</exception>
    public static PeerAction BinaryFragments(params byte[][] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        return Fragments(WebSocketMessageType.Binary, parts.Select(p => (byte[])(p ?? throw new ArgumentNullException(nameof(parts))).Clone()).ToArray(), nameof(parts));
    }

    /// <summary>
    /// One data frame that starts a message (opcode text or binary). Follow a frame with <paramref name="endOfMessage"/>
    /// <see langword="false"/> by <see cref="Continuation"/> frames, possibly at later times. The payload is sent as is, so a
    /// text frame may carry invalid UTF-8.
    /// </summary>
    /// <param name="type">Text or binary.</param>
    /// <param name="payload">The frame payload (copied).</param>
    /// <param name="endOfMessage">The FIN bit.</param>
    /// <returns>The action.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="type"/> is not text or binary.</exception>
    public static PeerAction Frame(WebSocketMessageType type, ReadOnlySpan<byte> payload, bool endOfMessage)
    {
        if (type is not (WebSocketMessageType.Text or WebSocketMessageType.Binary))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "A data frame is text or binary; use Close or RawClose for a close frame.");
        }

        var opcode = type == WebSocketMessageType.Text ? InboundFrame.Opcode.Text : InboundFrame.Opcode.Binary;
        return new Frames($"Frame({type}, [{Convert.ToHexString(payload)}], fin: {endOfMessage})", [new InboundFrame(opcode, payload.ToArray(), endOfMessage)]);
    }

    /// <summary>One continuation frame of the message in progress.</summary>
    /// <param name="payload">The frame payload (copied).</param>
    /// <param name="endOfMessage">The FIN bit.</param>
    /// <returns>The action.</returns>
    public static PeerAction Continuation(ReadOnlySpan<byte> payload, bool endOfMessage) =>
        new Frames($"Continuation([{Convert.ToHexString(payload)}], fin: {endOfMessage})", [new InboundFrame(InboundFrame.Opcode.Continuation, payload.ToArray(), endOfMessage)]);

    /// <summary>A close frame with a code and a reason, encoded as given (no validation, so it can break the protocol).</summary>
    /// <param name="status">The close code.</param>
    /// <param name="reason">The reason; <see langword="null"/> means empty.</param>
    /// <returns>The action.</returns>
    public static PeerAction Close(WebSocketCloseStatus status, string? reason = null)
    {
        var reasonBytes = Encoding.UTF8.GetBytes(reason ?? string.Empty);
        var payload = new byte[2 + reasonBytes.Length];
        BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)status);
        reasonBytes.CopyTo(payload, 2);
        return new Frames(string.Create(CultureInfo.InvariantCulture, $"Close({(int)status}, \"{reason}\")"), [InboundFrame.Close(payload)]);
    }

    /// <summary>
    /// A close frame with an empty body. The socket reports <see cref="WebSocketCloseStatus.NormalClosure"/> and an empty
    /// reason, as the BCL does; a connection over it reports 1005 when the socket imitates the library's own transport
    /// (<see cref="VirtualPeerOptions.ExactCloseFrames"/>).
    /// </summary>
    /// <returns>The action.</returns>
    public static PeerAction CloseEmpty() => new Frames("CloseEmpty", [InboundFrame.Close([])]);

    /// <summary>
    /// A close frame with exactly this payload, to script protocol violations: a 1-byte body, an invalid code, a reason
    /// that is not UTF-8, a payload over 125 bytes.
    /// </summary>
    /// <param name="payload">The close frame payload (copied).</param>
    /// <returns>The action.</returns>
    public static PeerAction RawClose(ReadOnlySpan<byte> payload) => new Frames($"RawClose[{Convert.ToHexString(payload)}]", [InboundFrame.Close(payload.ToArray())]);

    /// <summary>
    /// The connection drops without a close handshake. Frames already sent are still received; then the pending or next
    /// receive throws <see cref="WebSocketException"/> with <see cref="WebSocketError.ConnectionClosedPrematurely"/>.
    /// </summary>
    /// <returns>The action.</returns>
    public static PeerAction Drop() => Steps.DropStep;

    /// <summary>The peer stops reading: our sends (and close frames) stay pending until <see cref="ResumeReading"/>.</summary>
    /// <returns>The action.</returns>
    public static PeerAction StopReading() => Steps.StopReadingStep;

    /// <summary>The peer reads again: pending sends complete, in order, now.</summary>
    /// <returns>The action.</returns>
    public static PeerAction ResumeReading() => Steps.ResumeReadingStep;

    /// <summary>The peer stops answering keep-alive PINGs (a dead or wedged peer whose TCP connection stays up).</summary>
    /// <returns>The action.</returns>
    public static PeerAction StopAnsweringPings() => Steps.StopAnsweringPingsStep;

    /// <summary>The peer answers keep-alive PINGs again, from the next one on.</summary>
    /// <returns>The action.</returns>
    public static PeerAction ResumeAnsweringPings() => Steps.ResumeAnsweringPingsStep;

    /// <summary>The frames this step puts on the wire, in order (none for drop and reading changes).</summary>
    internal virtual IReadOnlyList<InboundFrame> WireFrames => [];

    internal abstract void Apply(VirtualWebSocket socket);

    private static Frames Fragments(WebSocketMessageType type, byte[][] parts, string paramName)
    {
        if (parts.Length == 0)
        {
            throw new ArgumentException("A message has at least one fragment.", paramName);
        }

        var first = type == WebSocketMessageType.Text ? InboundFrame.Opcode.Text : InboundFrame.Opcode.Binary;
        var frames = parts.Select((p, i) => new InboundFrame(i == 0 ? first : InboundFrame.Opcode.Continuation, p, i == parts.Length - 1)).ToArray();
        var shown = type == WebSocketMessageType.Text
            ? string.Join(", ", parts.Select(p => $"\"{Encoding.UTF8.GetString(p)}\""))
            : string.Join(", ", parts.Select(Convert.ToHexString));
        return new Frames($"{type}Fragments({shown})", frames);
    }

    private sealed class Frames(string description, InboundFrame[] frames) : PeerAction
    {
        internal override IReadOnlyList<InboundFrame> WireFrames => frames;

        internal override void Apply(VirtualWebSocket socket)
        {
            foreach (var frame in frames)
            {
                socket.PeerSends(new InboundFrame(frame.Code, frame.Payload, frame.Fin));
            }
        }

        public override string ToString() => description;
    }

    private sealed class Steps(string name, Action<VirtualWebSocket> apply) : PeerAction
    {
        internal static readonly Steps DropStep = new(nameof(Drop), static s => s.PeerDrops());
        internal static readonly Steps StopReadingStep = new(nameof(StopReading), static s => s.PeerSetReading(false));
        internal static readonly Steps ResumeReadingStep = new(nameof(ResumeReading), static s => s.PeerSetReading(true));
        internal static readonly Steps StopAnsweringPingsStep = new(nameof(StopAnsweringPings), static s => s.PeerSetAnsweringPings(false));
        internal static readonly Steps ResumeAnsweringPingsStep = new(nameof(ResumeAnsweringPings), static s => s.PeerSetAnsweringPings(true));

        internal override void Apply(VirtualWebSocket socket) => apply(socket);

        public override string ToString() => name;
    }
}
