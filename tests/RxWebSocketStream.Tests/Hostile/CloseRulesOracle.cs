namespace RxWebSocketStream.Tests.Hostile;

/// <summary>What the browser's <c>close()</c> does with a code and a reason.</summary>
internal enum CloseVerdict
{
    /// <summary>The call is valid.</summary>
    Accepted,

    /// <summary>The browser's InvalidAccessError; docs/behaviour.md ("Closing") maps it to <see cref="ArgumentOutOfRangeException"/>.</summary>
    CodeRejected,

    /// <summary>The browser's SyntaxError; docs/behaviour.md ("Closing") maps it to <see cref="ArgumentException"/>.</summary>
    ReasonRejected,
}

/// <summary>
/// The browser's rules for <c>WebSocketStream.close({ closeCode, reason })</c>, written from the WHATWG
/// text (websockets PR #48, its web-platform-tests) and docs/behaviour.md ("Closing"), and deliberately sharing no code with
/// the library's own validation: not its helper, not <see cref="System.Text.Encoding"/>. A bug copied into
/// both would agree with itself.
/// </summary>
/// <remarks>
/// The rules, in the order the spec applies them:
/// <list type="number">
/// <item>A code that is present and is neither 1000 nor in 3000..4999 is an InvalidAccessError.</item>
/// <item>The reason is converted to a USVString (every lone surrogate becomes U+FFFD) and UTF-8 encoded;
/// more than 123 bytes is a SyntaxError. So a bad code with a bad reason reports the code.</item>
/// <item>A reason without a code is valid and goes on the wire with 1000 (WebSocketError's web-platform
/// test: "a non-empty reason should cause the close code to be set to 1000"). No code and no reason is an
/// empty close body.</item>
/// </list>
/// </remarks>
internal static class CloseRulesOracle
{
    public const int MaxReasonBytes = 123;

    public static CloseVerdict Judge(int? code, string? reason)
    {
        if (code is { } c && c != 1000 && (c < 3000 || c > 4999))
        {
            return CloseVerdict.CodeRejected;
        }

        return Utf8Length(reason ?? "") > MaxReasonBytes ? CloseVerdict.ReasonRejected : CloseVerdict.Accepted;
    }

    /// <summary>The UTF-8 length of the reason after the USVString conversion, counted by hand.</summary>
    public static int Utf8Length(string text)
    {
        var bytes = 0;
        foreach (var scalar in Scalars(text))
        {
            bytes += scalar switch
            {
                < 0x80 => 1,
                < 0x800 => 2,
                < 0x10000 => 3,
                _ => 4,
            };
        }

        return bytes;
    }

    /// <summary>
    /// The close body the spec puts on the wire for an accepted call: empty with no code and no reason,
    /// otherwise the code (1000 when only a reason was given) big-endian, then the reason's UTF-8 bytes.
    /// </summary>
    public static byte[] WireBody(int? code, string? reason)
    {
        reason ??= "";
        if (code is null && reason.Length == 0)
        {
            return [];
        }

        var wireCode = code ?? 1000;
        var body = new List<byte> { (byte)(wireCode >> 8), (byte)wireCode };
        foreach (var scalar in Scalars(reason))
        {
            AppendUtf8(body, scalar);
        }

        return [.. body];
    }

    /// <summary>The Unicode scalar values of a UTF-16 string, with every lone surrogate read as U+FFFD.</summary>
    private static IEnumerable<int> Scalars(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            int unit = text[i];
            if (unit is >= 0xD800 and <= 0xDBFF && i + 1 < text.Length && text[i + 1] is >= '\uDC00' and <= '\uDFFF')
            {
                yield return 0x10000 + ((unit - 0xD800) << 10) + (text[i + 1] - 0xDC00);
                i++;
            }
            else if (unit is >= 0xD800 and <= 0xDFFF)
            {
                yield return 0xFFFD;
            }
            else
            {
                yield return unit;
            }
        }
    }

    private static void AppendUtf8(List<byte> bytes, int scalar)
    {
        switch (scalar)
        {
            case < 0x80:
                bytes.Add((byte)scalar);
                break;
            case < 0x800:
                bytes.Add((byte)(0xC0 | (scalar >> 6)));
                bytes.Add((byte)(0x80 | (scalar & 0x3F)));
                break;
            case < 0x10000:
                bytes.Add((byte)(0xE0 | (scalar >> 12)));
                bytes.Add((byte)(0x80 | ((scalar >> 6) & 0x3F)));
                bytes.Add((byte)(0x80 | (scalar & 0x3F)));
                break;
            default:
                bytes.Add((byte)(0xF0 | (scalar >> 18)));
                bytes.Add((byte)(0x80 | ((scalar >> 12) & 0x3F)));
                bytes.Add((byte)(0x80 | ((scalar >> 6) & 0x3F)));
                bytes.Add((byte)(0x80 | (scalar & 0x3F)));
                break;
        }
    }
}
