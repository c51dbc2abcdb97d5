using System.Buffers.Binary;
using System.Text;
using RxWebSocketStream.AspNetCore;

namespace RxWebSocketStream.Redis.Internal;

/// <summary>
/// What one Redis PUBLISH carries: a broadcast message with the publishing node's id and sequence number, or a
/// node's probe of its own round trip through Redis. Binary, so that a message's payload crosses as its bytes:
/// <code>
/// version (1 byte, 1) | kind (1: 0 broadcast, 1 probe) | message type (1: 0 text, 1 binary)
/// | node id (16) | sequence (8, big-endian) | group length (4, big-endian; -1 for every connection)
/// | group (UTF-8) | payload
/// </code>
/// </summary>
internal readonly struct Envelope
{
    public const byte Version = 1;
    public const int HeaderLength = 3 + 16 + 8 + 4;

    private const byte BroadcastKind = 0;
    private const byte ProbeKind = 1;

    // A group name that is not valid UTF-8 did not come from a broadcaster.
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private Envelope(bool isProbe, Guid node, long sequence, BackplaneMessage message)
    {
        IsProbe = isProbe;
        Node = node;
        Sequence = sequence;
        Message = message;
    }

    /// <summary>Gets whether this is a probe (no message) rather than a broadcast.</summary>
    public bool IsProbe { get; }

    /// <summary>Gets the id of the node that published it.</summary>
    public Guid Node { get; }

    /// <summary>Gets the publishing node's sequence number: broadcasts count 1, 2, 3...; a probe carries its own round.</summary>
    public long Sequence { get; }

    /// <summary>Gets the broadcast message (default for a probe).</summary>
    public BackplaneMessage Message { get; }

    public static byte[] Broadcast(Guid node, long sequence, BackplaneMessage message)
    {
        var payload = message.Message.Data.Span;
        var groupLength = message.Group is null ? -1 : Encoding.UTF8.GetByteCount(message.Group);
        var bytes = new byte[HeaderLength + Math.Max(groupLength, 0) + payload.Length];
        WriteHeader(bytes, BroadcastKind, message.Message.IsText ? (byte)0 : (byte)1, node, sequence, groupLength);
        if (message.Group is not null)
        {
            Encoding.UTF8.GetBytes(message.Group, bytes.AsSpan(HeaderLength));
        }

        payload.CopyTo(bytes.AsSpan(HeaderLength + Math.Max(groupLength, 0)));
        return bytes;
    }

    public static byte[] Probe(Guid node, long round)
    {
        var bytes = new byte[HeaderLength];
        WriteHeader(bytes, ProbeKind, 1, node, round, -1);
        return bytes;
    }

    /// <summary>Reads an envelope; the message's payload is a slice of <paramref name="bytes"/>, not a copy.</summary>
    /// <returns><see langword="false"/> when the bytes are not an envelope of this version (another publisher on the channel).</returns>
    public static bool TryRead(ReadOnlyMemory<byte> bytes, out Envelope envelope)
    {
        envelope = default;
        var span = bytes.Span;
        if (span.Length < HeaderLength || span[0] != Version || span[1] > ProbeKind || span[2] > 1)
        {
            return false;
        }

        var node = new Guid(span.Slice(3, 16));
        var sequence = BinaryPrimitives.ReadInt64BigEndian(span.Slice(19, 8));
        var groupLength = BinaryPrimitives.ReadInt32BigEndian(span.Slice(27, 4));
        if (groupLength < -1 || groupLength > span.Length - HeaderLength)
        {
            return false;
        }

        if (span[1] == ProbeKind)
        {
            envelope = new Envelope(isProbe: true, node, sequence, default);
            return true;
        }

        string? group;
        try
        {
            group = groupLength < 0 ? null : Strict.GetString(span.Slice(HeaderLength, groupLength));
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        var payload = bytes[(HeaderLength + Math.Max(groupLength, 0))..];
        var message = span[2] == 0 ? RxWebSocketStream.Message.FromUtf8Text(payload) : RxWebSocketStream.Message.FromBinary(payload);
        envelope = new Envelope(isProbe: false, node, sequence, new BackplaneMessage(group, message));
        return true;
    }

    private static void WriteHeader(Span<byte> bytes, byte kind, byte type, Guid node, long sequence, int groupLength)
    {
        bytes[0] = Version;
        bytes[1] = kind;
        bytes[2] = type;
        node.TryWriteBytes(bytes.Slice(3, 16));
        BinaryPrimitives.WriteInt64BigEndian(bytes.Slice(19, 8), sequence);
        BinaryPrimitives.WriteInt32BigEndian(bytes.Slice(27, 4), groupLength);
    }
}
