using RxWebSocketStream.Internal;

namespace RxWebSocketStream.Tests.ExactClose;

/// <summary>
/// The 16-byte tail against the whole stream it slid over: whatever the read sizes (0 to 20 bytes, so every short
/// copy and the window-sized one), the decision is the one the stream's own last bytes give.
/// </summary>
public sealed class ReadTailTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EndsInEmptyClose_AnySplitOfAnyStream_AgreesWithTheWholeStream(bool masked)
    {
        var random = new Random(11);
        for (var i = 0; i < 5_000; i++)
        {
            var stream = RandomStream(random, masked);
            var tail = new ReadTail();
            for (var at = 0; at < stream.Length;)
            {
                var size = Math.Min(random.Next(0, 21), stream.Length - at);
                tail.Append(stream.AsSpan(at, size));
                at += size;
            }

            Assert.True(
                Expected(stream, masked) == tail.EndsInEmptyClose(masked),
                $"{(masked ? "Masked" : "Unmasked")} stream {Convert.ToHexString(stream)}: the tail decided otherwise.");
        }
    }

    [Theory]
    [InlineData("8800", false, true)]
    [InlineData("880203E8", false, false)]
    [InlineData("88801122334488", false, false)]
    [InlineData("888011223344", true, true)]
    [InlineData("88821122334412" + "00", true, false)]
    [InlineData("8882888033448B68", true, false)]
    [InlineData("0000888033448B68", true, true)]
    [InlineData("", false, false)]
    [InlineData("", true, false)]
    public void EndsInEmptyClose_Examples(string hex, bool masked, bool empty)
    {
        var tail = new ReadTail();
        tail.Append(Convert.FromHexString(hex));

        Assert.Equal(empty, tail.EndsInEmptyClose(masked));
    }

    /// <summary>Random bytes, often ending in one of the close frames that matter, with keys that sometimes look like headers.</summary>
    private static byte[] RandomStream(Random random, bool masked)
    {
        var prefix = new byte[random.Next(0, 40)];
        random.NextBytes(prefix);
        if (random.Next(4) == 0 && prefix.Length >= 2)
        {
            // The two bytes before the close look like a 1000 close's header.
            prefix[^2] = 0x88;
            prefix[^1] = 0x82;
        }

        var key = new byte[4];
        random.NextBytes(key);
        if (random.Next(4) == 0)
        {
            // A key that looks like an empty close's header, and sometimes the tail of an ambiguous one.
            (key[0], key[1]) = (0x88, 0x80);
            (key[2], key[3]) = random.Next(2) == 0 ? ((byte)0x8B, (byte)0x68) : (key[2], key[3]);
        }

        byte[] close = random.Next(3) switch
        {
            0 => masked ? [0x88, 0x80, .. key] : [0x88, 0x00],
            1 => masked ? [0x88, 0x82, .. key, (byte)(0x03 ^ key[0]), (byte)(0xE8 ^ key[1])] : [0x88, 0x02, 0x03, 0xE8],
            _ => [],
        };
        return [.. prefix, .. close];
    }

    /// <summary>The rule of <see cref="ReadTail.EndsInEmptyClose"/>, applied to the whole stream.</summary>
    private static bool Expected(byte[] s, bool masked)
    {
        byte At(int fromEnd) => s.Length >= fromEnd ? s[^fromEnd] : (byte)0;
        if (!masked)
        {
            return At(2) == 0x88 && At(1) == 0x00;
        }

        var empty = At(6) == 0x88 && At(5) == 0x80;
        var normal = At(8) == 0x88 && At(7) == 0x82 && (At(2) ^ At(6)) == 0x03 && (At(1) ^ At(5)) == 0xE8;
        return empty && !normal;
    }
}
