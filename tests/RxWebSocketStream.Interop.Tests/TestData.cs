using System.Security.Cryptography;
using System.Text;

namespace RxWebSocketStream.Interop.Tests;

/// <summary>The messages and close reasons every peer is tried with.</summary>
internal static class TestData
{
    public const int OneMiB = 1024 * 1024;

    /// <summary>Gets a reason of exactly 123 UTF-8 bytes (the most a close frame can carry) mixing 1- to 4-byte characters.</summary>
    public static readonly string Reason123 = BuildReason123();

    /// <summary>Gets a reason one byte too long for a close frame.</summary>
    public static readonly string Reason124 = Reason123 + "a";

    /// <summary>Gets the messages each round trip sends, in this order.</summary>
    public static IReadOnlyList<Message> RoundTripMessages { get; } =
    [
        Message.FromText("hello"),
        Message.FromText("Grüße, 世界 😀"),
        Message.FromBinary([0, 1, 2, 253, 254, 255]),
        Message.FromText(string.Empty),
        Message.FromBinary([]),
        Message.FromText(OneMiBText()),
        Message.FromBinary(OneMiBBinary()),
    ];

    /// <summary>1 MiB of text: 1,048,576 UTF-8 bytes, with 2-, 3- and 4-byte characters.</summary>
    public static string OneMiBText()
    {
        var builder = new StringBuilder(OneMiB);
        const string Chunk = "abcdefgh-é-€-😀-0123456789\n"; // 32 bytes of UTF-8
        while (builder.Length < OneMiB / 32 * Chunk.Length)
        {
            builder.Append(Chunk);
        }

        var text = builder.ToString();
        if (Encoding.UTF8.GetByteCount(text) != OneMiB)
        {
            throw new InvalidOperationException("The 1 MiB text is not 1 MiB.");
        }

        return text;
    }

    /// <summary>1 MiB of binary: byte i is i mod 251.</summary>
    public static byte[] OneMiBBinary() => [.. Enumerable.Range(0, OneMiB).Select(i => (byte)(i % 251))];

    public static string Sha256(Message m) => Convert.ToHexStringLower(SHA256.HashData(m.Data.Span));

    /// <summary>A short description for assertion messages: type, byte length and hash.</summary>
    public static string Describe(Message m) => $"{m.Type} {m.Data.Length} {Sha256(m)[..16]}";

    private static string BuildReason123()
    {
        // "😀€é" is 4 + 3 + 2 = 9 bytes; 13 of them are 117 bytes; "€€" brings it to 123.
        var reason = string.Concat(Enumerable.Repeat("😀€é", 13)) + "€€";
        if (Encoding.UTF8.GetByteCount(reason) != 123)
        {
            throw new InvalidOperationException("The reason is not 123 bytes.");
        }

        return reason;
    }
}
