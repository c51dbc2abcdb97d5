using System.Buffers.Binary;
using System.Net.WebSockets;
using RxWebSocketStream;

namespace Rxws.Soak;

/// <summary>
/// A soak message on the wire: a binary message whose first 8 bytes are the sequence number (little-endian)
/// and whose other bytes all repeat its low byte. The echo server sends it back unchanged, so the same bytes
/// identify the message at every step (sent, handed to the socket, echoed), and a damaged echo is noticed.
/// </summary>
internal static class SoakPayload
{
    /// <summary>The smallest message: the sequence number alone.</summary>
    public const int MinimumSize = sizeof(long);

    public static Message Create(int sequence, int size)
    {
        var bytes = new byte[size];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, sequence);
        bytes.AsSpan(MinimumSize).Fill((byte)sequence);
        return Message.FromBinary(bytes);
    }

    /// <summary>The sequence number an echo carries, or -1 when it is not an intact soak message of <paramref name="size"/> bytes.</summary>
    public static long ReadEcho(Message message, int size)
    {
        if (message.Type != MessageType.Binary || message.Data.Length != size)
        {
            return -1;
        }

        var data = message.Data.Span;
        var sequence = BinaryPrimitives.ReadInt64LittleEndian(data);
        return data[MinimumSize..].ContainsAnyExcept((byte)sequence) ? -1 : sequence;
    }

    /// <summary>The sequence number in a message handed to the socket, or -1 when it is not a soak message.</summary>
    public static long Read(ReadOnlySpan<byte> data, WebSocketMessageType type) =>
        type == WebSocketMessageType.Binary && data.Length >= MinimumSize ? BinaryPrimitives.ReadInt64LittleEndian(data) : -1;
}
