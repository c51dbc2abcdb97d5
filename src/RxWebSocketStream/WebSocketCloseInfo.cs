using System.Net.WebSockets;
using RxWebSocketStream.Internal;

namespace RxWebSocketStream;

/// <summary>
/// A close code and reason: what <see cref="WebSocketConnection.Close(WebSocketCloseInfo?)"/> is asked to
/// send, and what <see cref="WebSocketConnection.Closed"/> reports the peer sent. Mirrors the browser's
/// <c>WebSocketCloseInfo</c> dictionary.
/// </summary>
/// <remarks>
/// Constructing one does not validate it, because <see cref="WebSocketConnection.Closed"/> reports codes
/// an application may not send (1001, 1005). Validation happens where it is used to close: the browser's
/// rule (1000 or 3000-4999, reason at most 123 UTF-8 bytes), or RFC 6455's rule for instances made by
/// <see cref="ForProtocol(WebSocketCloseStatus, string?)"/>.
/// </remarks>
public sealed record WebSocketCloseInfo
{
    /// <summary>Creates close info.</summary>
    /// <param name="code">The close code, or <see langword="null"/> for none.</param>
    /// <param name="reason">The reason; <see langword="null"/> is the empty string.</param>
    public WebSocketCloseInfo(int? code = null, string? reason = null)
    {
        Code = code;
        Reason = reason ?? string.Empty;
    }

    private WebSocketCloseInfo(int code, string? reason, bool isProtocolCode)
        : this(code, reason)
    {
        IsProtocolCode = isProtocolCode;
    }

    /// <summary>Gets the close code, or <see langword="null"/> when none was given.</summary>
    public int? Code { get; }

    /// <summary>Gets the close reason (empty when none).</summary>
    public string Reason { get; }

    /// <summary>
    /// Gets whether this info was made by <see cref="ForProtocol(WebSocketCloseStatus, string?)"/> and so is
    /// validated by RFC 6455's sending rule rather than the browser's application rule.
    /// </summary>
    public bool IsProtocolCode { get; }

    /// <summary>
    /// Gets how many messages accepted by the connection's sink were never written to the socket (zero
    /// unless the connection closed with messages still queued or the sink was used after closing).
    /// </summary>
    public int UnsentMessageCount { get; init; }

    /// <summary>
    /// Creates close info with one of the codes RFC 6455 registers for protocol use (1001 going away,
    /// 1008 policy violation, 1009 message too big, 1011 internal error, ...), for servers and other code
    /// that legitimately needs them. The browser's rule forbids these to applications; this is the
    /// separate, explicit path DESIGN.md 3.4 asks for.
    /// </summary>
    /// <param name="status">The status to send: 1000-1003, 1007-1014, or 3000-4999.</param>
    /// <param name="reason">The reason, at most 123 UTF-8 bytes.</param>
    /// <returns>The close info, marked as a protocol code.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The status is 1004, 1005, 1006, 1015, 1016-2999, below 1000 or above 4999.</exception>
    /// <exception cref="ArgumentException">The reason is longer than 123 UTF-8 bytes.</exception>
    public static WebSocketCloseInfo ForProtocol(WebSocketCloseStatus status, string? reason = null)
    {
        CloseValidation.ValidateProtocolClose((int)status, reason, nameof(status), nameof(reason));
        return new WebSocketCloseInfo((int)status, reason, isProtocolCode: true);
    }

    /// <summary>Returns the code and reason, for logs and test output.</summary>
    /// <returns>For example <c>4000 "bye"</c>, or <c>(no code) ""</c>.</returns>
    public override string ToString()
    {
        var text = $"{(Code is { } code ? code.ToString(System.Globalization.CultureInfo.InvariantCulture) : "(no code)")} \"{Reason}\"";
        return UnsentMessageCount == 0 ? text : $"{text} ({UnsentMessageCount} unsent)";
    }

    /// <summary>Throws unless this info may be sent, under the rule that applies to it.</summary>
    internal void Validate(string parameterName)
    {
        if (IsProtocolCode)
        {
            CloseValidation.ValidateProtocolClose(Code!.Value, Reason, parameterName, parameterName);
        }
        else
        {
            CloseValidation.ValidateApplicationClose(Code, Reason, parameterName, parameterName);
        }
    }
}
