using System.Buffers.Binary;
using System.Net.WebSockets;

namespace RxWebSocketStream.Benchmarks.Transport;

/// <summary>Builds the bytes a server puts on the wire (RFC 6455 section 5.2: unmasked, FIN set).</summary>
internal static class ServerFrames
{
    /// <summary>Returns <paramref name="count"/> copies of one unfragmented frame carrying <paramref name="payload"/>.</summary>
    public static byte[] Repeat(ReadOnlySpan<byte> payload, WebSocketMessageType type, int count)
    {
        var frame = Frame(payload, type);
        var frames = new byte[frame.Length * count];
        for (var i = 0; i < count; i++)
        {
            frame.CopyTo(frames.AsSpan(i * frame.Length));
        }

        return frames;
    }

    private static byte[] Frame(ReadOnlySpan<byte> payload, WebSocketMessageType type)
    {
        var opcode = type switch
        {
            WebSocketMessageType.Text => 0x1,
            WebSocketMessageType.Binary => 0x2,
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Only text and binary frames are built here."),
        };

        var header = payload.Length switch
        {
            < 126 => 2,
            <= ushort.MaxValue => 4,
            _ => 10,
        };

        var frame = new byte[header + payload.Length];
        frame[0] = (byte)(0x80 | opcode);
        switch (header)
        {
            case 2:
                frame[1] = (byte)payload.Length;
                break;
            case 4:
                frame[1] = 126;
                BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), (ushort)payload.Length);
                break;
            default:
                frame[1] = 127;
                BinaryPrimitives.WriteUInt64BigEndian(frame.AsSpan(2), (ulong)payload.Length);
                break;
        }

        payload.CopyTo(frame.AsSpan(header));
        return frame;
    }
}
