namespace RxWebSocketStream.Internal;

/// <summary>
/// The bytes of the two close frames that exact closing is about (RFC 6455 5.2 and 5.5.1): one carrying 1000 and no
/// reason, and one with an empty body. A server's frames are unmasked; a client masks each with a 4-byte key.
/// </summary>
internal static class CloseFrameBytes
{
    /// <summary>FIN and opcode 8 (close): the first byte of every close frame.</summary>
    public const byte Head = 0x88;

    /// <summary>The mask bit of a frame's second byte; the other seven bits are the payload length.</summary>
    public const byte MaskBit = 0x80;

    /// <summary>1000 (normal closure), big-endian: the body of a close frame that carries it and no reason.</summary>
    public const byte NormalClosureHigh = 0x03;

    /// <inheritdoc cref="NormalClosureHigh"/>
    public const byte NormalClosureLow = 0xE8;

    /// <summary>
    /// When <paramref name="frame"/> is exactly one close frame carrying 1000 and no reason, as the BCL's socket
    /// writes it in one call (<c>88 02 03 E8</c> from a server; <c>88 82</c>, a key and the masked body from a
    /// client), returns the empty close frame to write instead (<c>88 00</c>; <c>88 80</c> and the same key);
    /// otherwise <see langword="null"/>.
    /// </summary>
    public static byte[]? EmptyInsteadOf(ReadOnlySpan<byte> frame) => frame switch
    {
        [Head, 2, NormalClosureHigh, NormalClosureLow] => [Head, 0],
        [Head, MaskBit | 2, var k1, var k2, var k3, var k4, var m1, var m2]
            when (m1 ^ k1) == NormalClosureHigh && (m2 ^ k2) == NormalClosureLow => [Head, MaskBit, k1, k2, k3, k4],
        _ => null,
    };
}
