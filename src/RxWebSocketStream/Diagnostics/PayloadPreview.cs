using System.Text;

namespace RxWebSocketStream.Internal;

/// <summary>The opt-in payload preview of the Trace message events: text as text, binary as hex, both truncated.</summary>
internal static class PayloadPreview
{
    public static string Of(in Message message, int maxBytes)
    {
        var data = message.Data.Span;
        var shown = data[..Math.Min(maxBytes, data.Length)];
        var more = data.Length > shown.Length ? $"... (+{data.Length - shown.Length} bytes)" : string.Empty;

        // A cut through a multi-byte character decodes to U+FFFD: harmless in a preview.
        var body = message.IsText ? $"\"{Encoding.UTF8.GetString(shown)}\"" : Convert.ToHexString(shown);
        return $": {body}{more}";
    }
}
