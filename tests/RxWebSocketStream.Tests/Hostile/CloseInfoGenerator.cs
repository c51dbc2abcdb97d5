using System.Runtime.InteropServices;
using System.Text;

namespace RxWebSocketStream.Tests.Hostile;

/// <summary>
/// Random (code, reason) pairs for the close-rule property test. Codes cluster on the edges of the
/// browser's rule; reasons come from all of UTF-16, lone surrogates included, and many are built to land
/// within a few bytes of the 123-byte limit, where an off-by-one or a miscounted character would show.
/// </summary>
internal sealed class CloseInfoGenerator(Random random)
{
    // The edges themselves and the codes RFC 6455 reserves: each is one comparison away from a bug.
    private static readonly int[] EdgeCodes = [-1, 0, 999, 1001, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535, 65536];

    public (int? Code, string? Reason) Next() => (NextCode(), NextReason());

    /// <summary>About two codes in five are valid, so that the reason rule is reached often.</summary>
    public int? NextCode() => random.Next(20) switch
    {
        0 or 1 => null,
        2 or 3 => 1000,
        4 or 5 or 6 => random.Next(3000, 5000),
        7 => random.Next(2) == 0 ? 3000 : 4999,
        8 => random.Next(0, 1000),
        9 => random.Next(1001, 3000),
        10 => random.Next(5000, 65536),
        11 => random.Next(65536, int.MaxValue),
        12 => -random.Next(1, 70000),
        13 => int.MaxValue,
        14 => int.MinValue,
        _ => EdgeCodes[random.Next(EdgeCodes.Length)],
    };

    public string? NextReason() => random.Next(10) switch
    {
        0 => random.Next(2) == 0 ? null : "",
        1 => RandomCodeUnits(random.Next(1, 16)),
        2 => RandomCodeUnits(random.Next(30, 70)),
        3 => RandomCodeUnits(random.Next(100, 300)),
        4 => RandomScalars(random.Next(1, 40)),
        5 => RandomScalars(random.Next(60, 200)),
        _ => NearTheLimit(),
    };

    /// <summary>Any UTF-16 code unit, so lone and paired surrogates turn up in any order.</summary>
    private string RandomCodeUnits(int length)
    {
        var bytes = new byte[length * 2];
        random.NextBytes(bytes);
        return new string(MemoryMarshal.Cast<byte, char>(bytes));
    }

    /// <summary>Valid code points from every plane, with an occasional lone surrogate dropped in.</summary>
    private string RandomScalars(int count)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            _ = AppendPiece(text);
        }

        return text.ToString();
    }

    /// <summary>
    /// Pieces of 1 to 6 UTF-8 bytes appended until the reason reaches about 118-128 bytes. The count is
    /// approximate on purpose (a lone high surrogate followed by a lone low one makes a 4-byte pair, not 6
    /// bytes): the oracle says where each one really lands.
    /// </summary>
    private string NearTheLimit()
    {
        var target = random.Next(118, 129);
        var text = new StringBuilder();
        for (var bytes = 0; bytes < target;)
        {
            bytes += AppendPiece(text);
        }

        return text.ToString();
    }

    /// <summary>Appends one piece and returns its UTF-8 length taken alone.</summary>
    private int AppendPiece(StringBuilder text)
    {
        switch (random.Next(6))
        {
            case 0:
                text.Append((char)random.Next(0x20, 0x80));
                return 1;
            case 1:
                text.Append((char)random.Next(0x80, 0x800));
                return 2;
            case 2:
                // The rest of the BMP, skipping the surrogates (they get their own case).
                text.Append((char)(random.Next(2) == 0 ? random.Next(0x800, 0xD800) : random.Next(0xE000, 0x10000)));
                return 3;
            case 3:
                // A supplementary-plane scalar as its surrogate pair.
                var offset = random.Next(0x100000);
                text.Append((char)(0xD800 + (offset >> 10))).Append((char)(0xDC00 + (offset & 0x3FF)));
                return 4;
            case 4:
                // A lone surrogate, high or low: U+FFFD on the wire, 3 bytes.
                text.Append((char)random.Next(0xD800, 0xE000));
                return 3;
            default:
                // A low surrogate before a high one: two lone surrogates, not one scalar.
                text.Append('\uDC00').Append('\uD800');
                return 6;
        }
    }
}
