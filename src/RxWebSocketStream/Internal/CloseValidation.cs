using System.Net.WebSockets;
using System.Text;

namespace RxWebSocketStream.Internal;

/// <summary>
/// The one place where close codes and reasons we are asked to SEND are checked, and where the messages
/// for those checks are written. Receive-side protocol checks (a bad code from the peer) are not here:
/// the BCL enforces them and a violation fails the connection, it is never an argument error.
/// </summary>
/// <remarks>
/// RFC 6455 section 7.4 and the IANA registry, for sending:
/// <code>
///    0- 999  not used                                        never sent
///      1000  normal closure                                  application and protocol path
/// 1001-1003  going away, protocol error, unsupported data    protocol path only
///      1004  reserved                                        never sent
///      1005  no status received (local only)                 never sent
///      1006  abnormal closure (local only)                   never sent
/// 1007-1014  invalid data .. bad gateway                     protocol path only
///      1015  TLS handshake failure (local only)              never sent
/// 1016-2999  reserved for future RFCs and extensions         never sent
/// 3000-3999  registered with IANA by libraries/frameworks    application and protocol path
/// 4000-4999  private use                                     application and protocol path
///     5000+  not used                                        never sent
/// </code>
/// The application path is the browser's <c>WebSocketStream.close()</c> rule: 1000 or 3000-4999, else
/// InvalidAccessError; a reason over 123 UTF-8 bytes is a SyntaxError (125-byte control payload minus the
/// 2-byte code). A bad code is reported before a bad reason.
/// </remarks>
internal static class CloseValidation
{
    /// <summary>The largest close reason, in UTF-8 bytes: a control frame carries 125 bytes, 2 of them the code.</summary>
    public const int MaxCloseReasonBytes = 123;

    public const int NormalClosure = 1000;
    public const int MinApplicationCode = 3000;
    public const int MaxApplicationCode = 4999;

    /// <summary>Reported by <c>Closed</c> when the peer's close frame had no body (never sent).</summary>
    public const int NoStatusReceived = 1005;

    /// <summary>Reported when the connection ended without a close handshake (never sent).</summary>
    public const int AbnormalClosure = 1006;

    /// <summary>
    /// The browser rule for a code chosen by the application: <see langword="null"/>, 1000, or 3000-4999.
    /// </summary>
    public static bool IsApplicationCode(int? code) =>
        code is null or NormalClosure or (>= MinApplicationCode and <= MaxApplicationCode);

    /// <summary>RFC 6455's rule for a code an endpoint may put in a close frame it sends.</summary>
    public static bool IsSendableProtocolCode(int code) =>
        code is (>= 1000 and <= 1003) or (>= 1007 and <= 1014) or (>= MinApplicationCode and <= MaxApplicationCode);

    /// <summary>Throws unless <paramref name="code"/> and <paramref name="reason"/> pass the browser's <c>close()</c> rules.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The code is not 1000 and not 3000-4999.</exception>
    /// <exception cref="ArgumentException">The reason is longer than 123 UTF-8 bytes.</exception>
    public static void ValidateApplicationClose(int? code, string? reason, string codeParameter, string reasonParameter)
    {
        if (!IsApplicationCode(code))
        {
            throw new ArgumentOutOfRangeException(codeParameter, code,
                $"The close code {code} is not allowed: an application may close with 1000 or a code from 3000 to 4999 (use WebSocketCloseInfo.ForProtocol for the codes RFC 6455 registers).");
        }

        ValidateReason(reason, reasonParameter);
    }

    /// <summary>Throws unless <paramref name="code"/> and <paramref name="reason"/> may be sent under RFC 6455.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The code may never be sent.</exception>
    /// <exception cref="ArgumentException">The reason is longer than 123 UTF-8 bytes.</exception>
    public static void ValidateProtocolClose(int code, string? reason, string codeParameter, string reasonParameter)
    {
        if (!IsSendableProtocolCode(code))
        {
            throw new ArgumentOutOfRangeException(codeParameter, code,
                $"The close code {code} may not be sent: RFC 6455 allows 1000-1003, 1007-1014 and 3000-4999 (1004, 1005, 1006 and 1015 are reserved, and 1016-2999 are unassigned).");
        }

        ValidateReason(reason, reasonParameter);
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

    private static void ValidateReason(string? reason, string reasonParameter)
    {
        var bytes = ReasonByteCount(reason);
        if (bytes > MaxCloseReasonBytes)
        {
            throw new ArgumentException(
                $"The close reason is {bytes} UTF-8 bytes; at most {MaxCloseReasonBytes} are allowed.", reasonParameter);
        }
    }
}
