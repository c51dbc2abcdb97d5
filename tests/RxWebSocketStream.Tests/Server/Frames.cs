using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace RxWebSocketStream.Tests.Server;

/// <summary>RFC 6455 opcodes, for peers that write frames by hand.</summary>
internal enum Opcode : byte
{
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xA,
}

/// <summary>One frame read off the wire, payload already unmasked.</summary>
internal sealed record Frame(bool Fin, Opcode Opcode, byte[] Payload, bool Masked)
{
    /// <summary>The close code of a close frame with a body of 2 bytes or more.</summary>
    public int? CloseCode => Payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(Payload) : null;

    public string CloseReason => Payload.Length > 2 ? Encoding.UTF8.GetString(Payload.AsSpan(2)) : string.Empty;

    public override string ToString() => $"{Opcode}{(Fin ? "" : " (not final)")}{(Masked ? " masked" : "")} [{Convert.ToHexString(Payload)}]";
}

/// <summary>
/// Writes and reads RFC 6455 frames by hand, so that a peer can send what the BCL refuses to (bad close
/// codes, empty close bodies, invalid UTF-8) and read back exactly what our side put on the wire.
/// </summary>
internal static class Frames
{
    private const string AcceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    public static string AcceptKey(string key) =>
        Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key.Trim() + AcceptGuid)));

    public static byte[] CloseBody(int code, string reason = "") => CloseBody(code, Encoding.UTF8.GetBytes(reason));

    public static byte[] CloseBody(int code, ReadOnlySpan<byte> reason)
    {
        var body = new byte[2 + reason.Length];
        BinaryPrimitives.WriteUInt16BigEndian(body, (ushort)code);
        reason.CopyTo(body.AsSpan(2));
        return body;
    }

    public static byte[] Encode(Opcode opcode, ReadOnlySpan<byte> payload, bool fin = true)
    {
        var header = payload.Length switch
        {
            < 126 => 2,
            <= ushort.MaxValue => 4,
            _ => 10,
        };
        var frame = new byte[header + payload.Length];
        frame[0] = (byte)((fin ? 0x80 : 0) | (byte)opcode);
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

    /// <summary>Writes one unmasked (server-to-client) frame and flushes it.</summary>
    public static async Task WriteAsync(Stream stream, Opcode opcode, ReadOnlyMemory<byte> payload, bool fin = true, CancellationToken ct = default)
    {
        await stream.WriteAsync(Encode(opcode, payload.Span, fin), ct);
        await stream.FlushAsync(ct);
    }

    /// <summary>Reads one frame, unmasking it; <see langword="null"/> when the stream ends between frames.</summary>
    public static async Task<Frame?> ReadAsync(Stream stream, CancellationToken ct = default)
    {
        var head = new byte[2];
        if (!await ReadExactlyOrEndAsync(stream, head, ct))
        {
            return null;
        }

        var fin = (head[0] & 0x80) != 0;
        var opcode = (Opcode)(head[0] & 0x0F);
        var masked = (head[1] & 0x80) != 0;
        long length = head[1] & 0x7F;
        if (length == 126)
        {
            var ext = new byte[2];
            await stream.ReadExactlyAsync(ext, ct);
            length = BinaryPrimitives.ReadUInt16BigEndian(ext);
        }
        else if (length == 127)
        {
            var ext = new byte[8];
            await stream.ReadExactlyAsync(ext, ct);
            length = (long)BinaryPrimitives.ReadUInt64BigEndian(ext);
        }

        var mask = new byte[4];
        if (masked)
        {
            await stream.ReadExactlyAsync(mask, ct);
        }

        var payload = new byte[length];
        await stream.ReadExactlyAsync(payload, ct);
        for (var i = 0; i < payload.Length; i++)
        {
            payload[i] ^= mask[i % 4];
        }

        return new Frame(fin, opcode, payload, masked);
    }

    /// <summary>Reads frames until a close frame, skipping the rest; <see langword="null"/> if the stream ends first.</summary>
    public static async Task<Frame?> ReadCloseAsync(Stream stream, CancellationToken ct = default)
    {
        while (await ReadAsync(stream, ct) is { } frame)
        {
            if (frame.Opcode == Opcode.Close)
            {
                return frame;
            }
        }

        return null;
    }

    private static async Task<bool> ReadExactlyOrEndAsync(Stream stream, byte[] buffer, CancellationToken ct)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), ct);
            if (n == 0)
            {
                return read == 0 ? false : throw new EndOfStreamException("The stream ended inside a frame header.");
            }

            read += n;
        }

        return true;
    }
}
