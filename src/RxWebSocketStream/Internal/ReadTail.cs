using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using static RxWebSocketStream.Internal.CloseFrameBytes;

namespace RxWebSocketStream.Internal;

/// <summary>
/// The last 16 bytes read from a WebSocket's stream, across read calls. Keeping them costs one copy of at most 16
/// bytes per read call (not per message) and parses no frame; when the socket reports a received close frame of
/// 1000 with no reason, <see cref="EndsInEmptyClose"/> tells from them whether that frame's body was in fact empty.
/// </summary>
/// <remarks>
/// It relies on the close frame being the last thing the peer sent, which RFC 6455 (5.5.1) requires: the socket
/// reports the close once it has read the frame, and reads nothing after it. A peer that sends bytes after its
/// close frame breaks the rule, and what it sent last is what is looked at.
/// </remarks>
internal struct ReadTail
{
    private const int Length = 16;

    // Bytes 16-31 are the window, oldest first; bytes 0-15 are room to slide it into, so that any append is one
    // vector load and one vector store, plus a small copy for a read shorter than the window.
    private Bytes32 _bytes;

    /// <summary>Adds what one read call returned: the window slides over it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Append(ReadOnlySpan<byte> read)
    {
        ref var bytes = ref _bytes[0];
        var count = read.Length;
        if (count >= Length)
        {
            Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(read), (nuint)(count - Length)).StoreUnsafe(ref bytes, Length);
            return;
        }

        // Slide the window left by count (into the room below it), then put the new bytes at its end.
        Vector128.LoadUnsafe(ref bytes, Length).StoreUnsafe(ref bytes, (nuint)(Length - count));
        CopyShort(ref MemoryMarshal.GetReference(read), ref Unsafe.Add(ref bytes, (2 * Length) - count), count);
    }

    /// <summary>
    /// Copies 0-15 bytes with two overlapping loads and stores of the widest size that fits, as memmove does, but
    /// without the call: short reads (the end of a payload) are about half of all reads for small messages.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyShort(ref byte source, ref byte destination, int count)
    {
        if (count >= sizeof(ulong))
        {
            Unsafe.WriteUnaligned(ref destination, Unsafe.ReadUnaligned<ulong>(ref source));
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref destination, count - sizeof(ulong)), Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref source, count - sizeof(ulong))));
        }
        else if (count >= sizeof(uint))
        {
            Unsafe.WriteUnaligned(ref destination, Unsafe.ReadUnaligned<uint>(ref source));
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref destination, count - sizeof(uint)), Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref source, count - sizeof(uint))));
        }
        else if (count > 0)
        {
            destination = source;
            Unsafe.Add(ref destination, count - 1) = Unsafe.Add(ref source, count - 1);
            Unsafe.Add(ref destination, count / 2) = Unsafe.Add(ref source, count / 2);
        }
    }

    /// <summary>
    /// Whether the bytes read so far end in a close frame with an empty body and cannot also be read as the end of a
    /// close frame carrying 1000 with no reason.
    /// </summary>
    /// <param name="masked">
    /// Whether the peer masks its frames (it is a client, and we the server): a masked empty close is
    /// <c>88 80</c> and a 4-byte key; otherwise it is <c>88 00</c>.
    /// </param>
    /// <remarks>
    /// <para>
    /// Unmasked, the two cannot be confused: an empty close ends in <c>88 00</c>, a 1000 close (<c>88 02 03 E8</c>)
    /// ends in <c>03 E8</c>.
    /// </para>
    /// <para>
    /// Masked, a 1000 close is <c>88 82 k1 k2 k3 k4 m1 m2</c> with <c>m1 = 03 ^ k1</c> and <c>m2 = E8 ^ k2</c>. Its
    /// last 6 bytes look like an empty close exactly when its random key starts with <c>88 80</c>; then the 8 bytes
    /// read <c>88 82 88 80 k3 k4 8B 68</c>, which is also what an empty close with the key <c>k3 k4 8B 68</c> looks
    /// like after a frame whose last two bytes are <c>88 82</c>. Nothing in 16 bytes tells those two apart, so such a
    /// tail is not called empty: the close is reported as the socket reports it (1000). A real 1000 is therefore never
    /// reported as empty; an empty close is reported as 1000 only when the key's last two bytes are <c>8B 68</c> (1 in
    /// 65,536) and the two bytes before it are <c>88 82</c>.
    /// </para>
    /// </remarks>
    public readonly bool EndsInEmptyClose(bool masked)
    {
        ReadOnlySpan<byte> t = ((ReadOnlySpan<byte>)_bytes)[Length..];
        if (!masked)
        {
            return t[^2] == Head && t[^1] == 0;
        }

        var empty = t[^6] == Head && t[^5] == MaskBit;
        var normalClosure = t[^8] == Head && t[^7] == (MaskBit | 2)
            && (t[^2] ^ t[^6]) == NormalClosureHigh && (t[^1] ^ t[^5]) == NormalClosureLow;
        return empty && !normalClosure;
    }

    [InlineArray(2 * Length)]
    private struct Bytes32
    {
        private byte _first;
    }
}
