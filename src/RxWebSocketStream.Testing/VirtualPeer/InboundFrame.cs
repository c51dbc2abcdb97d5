namespace RxWebSocketStream.Testing;

/// <summary>A frame the peer sent and our side has not fully received yet; a drop is a frame-shaped end of stream.</summary>
internal sealed class InboundFrame(InboundFrame.Opcode opcode, byte[] payload, bool fin)
{
    internal enum Opcode
    {
        Continuation,
        Text,
        Binary,
        Close,
        EndOfStream,
    }

    internal static readonly InboundFrame EndOfStream = new(Opcode.EndOfStream, [], true);

    internal Opcode Code { get; } = opcode;

    internal byte[] Payload { get; } = payload;

    internal bool Fin { get; } = fin;

    /// <summary>Whether a receive already checked this frame's header (an empty read sees the header and leaves the payload).</summary>
    internal bool Started { get; set; }

    /// <summary>How many payload bytes earlier receives already took (a small buffer reads a frame in parts).</summary>
    internal int Consumed { get; set; }

    internal int Remaining => Payload.Length - Consumed;

    internal static InboundFrame Close(byte[] payload) => new(Opcode.Close, payload, true);
}
