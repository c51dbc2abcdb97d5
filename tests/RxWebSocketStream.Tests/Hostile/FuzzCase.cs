namespace RxWebSocketStream.Tests.Hostile;

/// <summary>What a fuzz case sends, in the words of RFC 6455.</summary>
internal enum FuzzKind
{
    /// <summary>Valid data and control frames, maybe fragmented, maybe ending with a valid close.</summary>
    Valid,
    BadOpcode,
    ReservedBits,
    MaskedFromServer,
    FragmentedControl,
    ControlOver125,
    ContinuationWithoutStart,
    NewMessageInsideFragmented,
    InvalidUtf8Text,
    InvalidCloseBody,

    /// <summary>A 64-bit length with its most significant bit set, which RFC 6455 5.2 forbids.</summary>
    LengthWithTopBitSet,

    /// <summary>A legal but enormous declared length, with only a few bytes of it ever sent.</summary>
    EnormousLength,

    /// <summary>A whole message over MaxMessageSize: the library itself fails it with 1009.</summary>
    OverMaxMessageSize,

    /// <summary>A frame cut short, header or payload.</summary>
    Truncated,

    /// <summary>Valid frames with a few bits flipped anywhere.</summary>
    BitFlips,
    RandomBytes,
}

/// <summary>What the peer does once it has sent the case's bytes.</summary>
internal enum PeerEnding
{
    /// <summary>Closes TCP at once (FIN).</summary>
    Drop,

    /// <summary>Answers the client's close frame with the same body, then closes TCP, as a server does.</summary>
    Echo,

    /// <summary>Never answers and never closes: only the close timeout ends the connection.</summary>
    Silent,
}

/// <summary>
/// What a case must lead to, beyond the invariants every case checks. Null members mean "anything, as long as
/// the invariants hold": a flipped bit may land anywhere.
/// </summary>
/// <param name="Messages">The messages subscribers must get, in order.</param>
/// <param name="Clean">Whether the connection must end cleanly (true) or with an error (false).</param>
/// <param name="ReportedCode">The code <c>Closed</c> or the error must carry.</param>
/// <param name="ClientCloseCode">The code of the close frame the client must send (a missing one is allowed when the peer dropped first).</param>
internal sealed record FuzzExpectation(IReadOnlyList<Message>? Messages, bool? Clean, int? ReportedCode, int? ClientCloseCode)
{
    public static readonly FuzzExpectation Anything = new(null, null, null, null);
}

/// <summary>One generated case: the bytes the peer writes (in chunks), how it ends, and what must follow.</summary>
internal sealed record FuzzCase(int Index, FuzzKind Kind, PeerEnding Ending, byte[] Bytes, IReadOnlyList<int> Chunks, FuzzExpectation Expected)
{
    public override string ToString() =>
        $"case {Index} ({Kind}, peer {Ending}): {Bytes.Length} bytes in {Chunks.Count} writes [{string.Join(",", Chunks.Take(12))}{(Chunks.Count > 12 ? ",..." : "")}]: {Convert.ToHexString(Bytes.AsSpan(0, Math.Min(Bytes.Length, 96)))}{(Bytes.Length > 96 ? "..." : "")}";
}
