using System.Buffers.Binary;

namespace RxWebSocketStream.Tests.Hostile;

/// <summary>
/// One server-to-client frame, described field by field so that any field can be wrong: reserved bits,
/// undefined opcodes, a mask a server must not use, a length that lies about the payload. <see
/// cref="Server.Frames"/> writes only well-formed frames; this writes whatever it is told.
/// </summary>
internal sealed record WireFrame(int Opcode, byte[] Payload)
{
    public bool Fin { get; init; } = true;

    /// <summary>RSV1-3 as a 3-bit number (4 is RSV1).</summary>
    public int Reserved { get; init; }

    /// <summary>A masking key: RFC 6455 5.1 says a client must fail a connection on a masked server frame.</summary>
    public byte[]? MaskKey { get; init; }

    /// <summary>The payload length written in the header, when it must differ from the payload's real length.</summary>
    public ulong? DeclaredLength { get; init; }

    public byte[] ToBytes()
    {
        var length = DeclaredLength ?? (ulong)Payload.Length;
        var bytes = new List<byte>(Payload.Length + 14)
        {
            (byte)((Fin ? 0x80 : 0) | ((Reserved & 7) << 4) | (Opcode & 0x0F)),
        };
        var mask = MaskKey is null ? 0 : 0x80;
        Span<byte> extended = stackalloc byte[8];
        switch (length)
        {
            case < 126:
                bytes.Add((byte)(mask | (int)length));
                break;
            case <= ushort.MaxValue:
                bytes.Add((byte)(mask | 126));
                BinaryPrimitives.WriteUInt16BigEndian(extended, (ushort)length);
                bytes.AddRange(extended[..2]);
                break;
            default:
                bytes.Add((byte)(mask | 127));
                BinaryPrimitives.WriteUInt64BigEndian(extended, length);
                bytes.AddRange(extended);
                break;
        }

        if (MaskKey is { } key)
        {
            bytes.AddRange(key);
            for (var i = 0; i < Payload.Length; i++)
            {
                bytes.Add((byte)(Payload[i] ^ key[i % 4]));
            }
        }
        else
        {
            bytes.AddRange(Payload);
        }

        return [.. bytes];
    }
}
