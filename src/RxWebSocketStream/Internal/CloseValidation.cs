using System.Globalization;
using System.Net.WebSockets;
using System.Text;

namespace RxWebSocketStream.Internal;

/// <summary>
/// The one place where close codes and reasons we are asked to SEND are checked, and where the messages
/// for those checks are written. Receive-side protocol checks (a bad code from the peer) are not here:
/// the BCL enforces them and a violation fails the connection, it is never an argument error.
/// </summary>
/// <remarks>
/// The rules themselves are public: <see cref="WebSocketCloseCodes.IsValidForApplication"/> (the browser's
/// <c>WebSocketStream.close()</c> rule: 1000 or 3000-4999, else InvalidAccessError),
/// <see cref="WebSocketCloseCodes.IsValidForProtocol"/> (RFC 6455's rule for sending, with the table of codes), and
/// <see cref="WebSocketCloseInfo.MaxReasonBytes"/> (a reason over 123 UTF-8 bytes is the browser's SyntaxError: a
/// control frame carries 125 bytes, 2 of them the code). This class applies them: it throws for the library's
/// doors and gives the same messages to <see cref="WebSocketCloseInfo.TryValidate"/>. A bad code is reported before
/// a bad reason.
/// </remarks>
internal static class CloseValidation
{
    // Short names for the internal callers; the values are the public constants.
    public const int MaxCloseReasonBytes = WebSocketCloseInfo.MaxReasonBytes;
    public const int NormalClosure = WebSocketCloseCodes.NormalClosure;
    public const int MinApplicationCode = WebSocketCloseCodes.MinApplicationCode;
    public const int MaxApplicationCode = WebSocketCloseCodes.MaxApplicationCode;
    public const int NoStatusReceived = WebSocketCloseCodes.NoStatusReceived;
    public const int AbnormalClosure = WebSocketCloseCodes.AbnormalClosure;

    /// <summary>The browser rule for a code chosen by the application: <see langword="null"/>, 1000, or 3000-4999.</summary>
    public static bool IsApplicationCode(int? code) => code is not { } c || WebSocketCloseCodes.IsValidForApplication(c);

    /// <summary>RFC 6455's rule for a code an endpoint may put in a close frame it sends.</summary>
    public static bool IsSendableProtocolCode(int code) => WebSocketCloseCodes.IsValidForProtocol(code);

    /// <summary>Throws unless <paramref name="code"/> and <paramref name="reason"/> pass the browser's <c>close()</c> rules.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The code is not 1000 and not 3000-4999.</exception>
    /// <exception cref="ArgumentException">The reason is longer than 123 UTF-8 bytes.</exception>
    public static void ValidateApplicationClose(int? code, string? reason, string codeParameter, string reasonParameter)
    {
        if (ApplicationCodeProblem(code) is { } problem)
        {
            throw new ArgumentOutOfRangeException(codeParameter, code, problem);
        }

        ThrowIfReasonTooLong(reason, reasonParameter);
    }

    /// <summary>Throws unless <paramref name="code"/> and <paramref name="reason"/> may be sent under RFC 6455.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The code may never be sent.</exception>
    /// <exception cref="ArgumentException">The reason is longer than 123 UTF-8 bytes.</exception>
    public static void ValidateProtocolClose(int code, string? reason, string codeParameter, string reasonParameter)
    {
        if (ProtocolCodeProblem(code) is { } problem)
        {
            throw new ArgumentOutOfRangeException(codeParameter, code, problem);
        }

        ThrowIfReasonTooLong(reason, reasonParameter);
    }

    /// <summary>Why the browser's rule rejects <paramref name="code"/>, or <see langword="null"/> when it allows it.</summary>
    public static string? ApplicationCodeProblem(int? code) =>
        IsApplicationCode(code)
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"The close code {code} is not allowed: an application may close with {NormalClosure} or a code from {MinApplicationCode} to {MaxApplicationCode} (use WebSocketCloseInfo.ForProtocol for the codes RFC 6455 registers).");

    /// <summary>Why RFC 6455 forbids sending <paramref name="code"/>, or <see langword="null"/> when it allows it.</summary>
    public static string? ProtocolCodeProblem(int code) =>
        IsSendableProtocolCode(code)
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"The close code {code} may not be sent: RFC 6455 allows 1000-1003, 1007-1014 and 3000-4999 (1004, 1005, 1006 and 1015 are reserved, and 1016-2999 are unassigned).");

    /// <summary>Why <paramref name="reason"/> is too long, quoting its size and the limit, or <see langword="null"/> when it fits.</summary>
    public static string? ReasonProblem(string? reason)
    {
        var bytes = ReasonByteCount(reason);
        return bytes <= MaxCloseReasonBytes
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"The close reason is {bytes} UTF-8 bytes; at most {MaxCloseReasonBytes} are allowed.");
    }

    /// <summary>
    /// Counts the reason's UTF-8 bytes as the browser does: a lone surrogate becomes U+FFFD, 3 bytes.
    /// </summary>
    public static int ReasonByteCount(string? reason) => string.IsNullOrEmpty(reason) ? 0 : Encoding.UTF8.GetByteCount(reason);

    /// <summary>
    /// The reason as it goes on the wire: lone surrogates become U+FFFD, as the browser's USVString
    /// conversion does and as <see cref="ReasonByteCount"/> counted them. The BCL encodes the reason with a
    /// throwing encoder, so a lone surrogate passed through would fail the connection instead.
    /// </summary>
    public static string ToWireReason(string reason) =>
        reason.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF') ? Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(reason)) : reason;

    /// <summary>The close status the BCL should send for a validated code.</summary>
    public static WebSocketCloseStatus ToStatus(int code) => (WebSocketCloseStatus)code;

    private static void ThrowIfReasonTooLong(string? reason, string reasonParameter)
    {
        if (ReasonProblem(reason) is { } problem)
        {
            throw new ArgumentException(problem, reasonParameter);
        }
    }
}
