using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using RxWebSocketStream;

namespace Rxws.Connect;

/// <summary>
/// <c>--close-code</c> and <c>--close-reason</c>, checked before anything else happens, by the library's own
/// rule for a close chosen by the application (the browser's <c>WebSocketStream.close()</c>): the code is
/// 1000 or 3000-4999, the reason at most 123 UTF-8 bytes, and a bad code is reported before a bad reason.
/// </summary>
internal static class CloseArguments
{
    private const int MaxReasonBytes = 123;

    /// <summary>
    /// Validates the close arguments. Returns the close info to close with at the end of input
    /// (<see langword="null"/> when neither was given: <c>Close()</c> with nothing), or a one-line message
    /// naming the bad value and the rule.
    /// </summary>
    public static bool TryValidate(int? code, string? reason, out WebSocketCloseInfo? closeInfo, out string? error)
    {
        closeInfo = null;
        error = null;
        if (code is null && reason is null)
        {
            return true;
        }

        var candidate = new WebSocketCloseInfo(code, reason);
        try
        {
            // The library's public door for this rule: an error that closes with this info validates it
            // exactly as WebSocketConnection.Close does.
            _ = new WebSocketConnectionException("validation only", candidate);
        }
        catch (ArgumentOutOfRangeException)
        {
            error = string.Create(CultureInfo.InvariantCulture,
                $"rxws connect: invalid --close-code {code}: the close code must be 1000 or from 3000 to 4999 (the browser's WebSocketStream.close() rule).");
            return false;
        }
        catch (ArgumentException)
        {
            var bytes = Encoding.UTF8.GetByteCount(reason ?? string.Empty);
            error = string.Create(CultureInfo.InvariantCulture,
                $"rxws connect: invalid --close-reason \"{JavaScriptEncoder.UnsafeRelaxedJsonEscaping.Encode(reason ?? string.Empty)}\": it is {bytes} UTF-8 bytes; at most {MaxReasonBytes} are allowed.");
            return false;
        }

        closeInfo = candidate;
        return true;
    }
}
