using System.Globalization;
using System.Text.Encodings.Web;
using RxWebSocketStream;

namespace Rxws.Connect;

/// <summary>
/// <c>--close-code</c> and <c>--close-reason</c>, checked before anything else happens, by the library's own
/// rule for a close chosen by the application (the browser's <c>WebSocketStream.close()</c>,
/// <see cref="WebSocketCloseInfo.TryValidate"/>): the code is 1000 or 3000-4999, the reason at most 123 UTF-8
/// bytes, and a bad code is reported before a bad reason.
/// </summary>
internal static class CloseArguments
{
    /// <summary>
    /// Validates the close arguments. Returns the close info to close with at the end of input
    /// (<see langword="null"/> when neither was given: <c>Close()</c> with nothing), or a one-line message
    /// naming the bad argument, its value and the rule.
    /// </summary>
    public static bool TryValidate(int? code, string? reason, out WebSocketCloseInfo? closeInfo, out string? error)
    {
        closeInfo = null;
        error = null;
        if (code is null && reason is null)
        {
            return true;
        }

        if (!WebSocketCloseInfo.TryValidate(code, reason, out var problem))
        {
            // The library reports a bad code first, so the code is to blame whenever the rule rejects it.
            error = code is { } c && !WebSocketCloseCodes.IsValidForApplication(c)
                ? string.Create(CultureInfo.InvariantCulture,
                    $"rxws connect: invalid --close-code {c}: the close code must be {WebSocketCloseCodes.NormalClosure} or from {WebSocketCloseCodes.MinApplicationCode} to {WebSocketCloseCodes.MaxApplicationCode} (the browser's WebSocketStream.close() rule).")
                : $"rxws connect: invalid --close-reason \"{JavaScriptEncoder.UnsafeRelaxedJsonEscaping.Encode(reason ?? string.Empty)}\": {problem}";
            return false;
        }

        closeInfo = new WebSocketCloseInfo(code, reason);
        return true;
    }
}
