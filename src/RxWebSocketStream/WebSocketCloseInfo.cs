using System.Diagnostics.CodeAnalysis;
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
/// <see cref="ForProtocol(WebSocketCloseStatus, string?)"/>. <see cref="TryValidate"/> and
/// <see cref="TryValidateForProtocol"/> check a code and reason by the same rules without throwing (for
/// command-line arguments or configuration, say); <see cref="WebSocketCloseCodes"/> names the codes.
/// </remarks>
public sealed record WebSocketCloseInfo
{
    /// <summary>
    /// The longest close reason, in UTF-8 bytes: 123. A close frame is a control frame, whose payload is at most
    /// 125 bytes (RFC 6455 5.5), and the code takes 2 of them. The browser counts the bytes after turning every lone
    /// surrogate into U+FFFD (3 bytes), and so does this library.
    /// </summary>
    public const int MaxReasonBytes = 123;

    private readonly string _reason = string.Empty;

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

    /// <summary>Gets or sets the close code, or <see langword="null"/> when none was given.</summary>
    /// <remarks>
    /// Settable at initialization so that configuration can set a close info of the options (the binder of
    /// <c>Microsoft.Extensions.Configuration</c> sets properties of the object already there, and silently skipped
    /// get-only ones); like the constructor, setting it does not validate (docs/hosting.md, "Configuration keys").
    /// </remarks>
    public int? Code { get; init; }

    /// <summary>Gets or sets the close reason (empty when none; <see langword="null"/> is the empty string).</summary>
    public string Reason
    {
        get => _reason;
        init => _reason = value ?? string.Empty;
    }

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
    /// that legitimately needs them. The browser's rule forbids these to applications, so they get this
    /// separate, explicitly named path, checked by RFC 6455's rule for sending (docs/behaviour.md, "Closing",
    /// the row "Protocol codes").
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

    /// <summary>
    /// Checks a close code and reason by the rule of <see cref="WebSocketConnection.Close(WebSocketCloseInfo?)"/>, the
    /// browser's rule for a close the application chooses, without throwing: the code is <see langword="null"/>,
    /// 1000, or 3000-4999 (<see cref="WebSocketCloseCodes.IsValidForApplication"/>), and the reason is at most
    /// <see cref="MaxReasonBytes"/> UTF-8 bytes, a lone surrogate counting as U+FFFD (3 bytes). A bad code is
    /// reported before a bad reason.
    /// </summary>
    /// <param name="code">The close code, or <see langword="null"/> for none.</param>
    /// <param name="reason">The reason, or <see langword="null"/> for none.</param>
    /// <param name="problem">
    /// <see langword="null"/> when valid; otherwise the message <c>Close</c> would throw, quoting the bad value and the
    /// limit (for example <c>The close reason is 126 UTF-8 bytes; at most 123 are allowed.</c>).
    /// </param>
    /// <returns><see langword="true"/> when <c>Close(new WebSocketCloseInfo(code, reason))</c> would accept them.</returns>
    public static bool TryValidate(int? code, string? reason, [NotNullWhen(false)] out string? problem)
    {
        problem = CloseValidation.ApplicationCodeProblem(code) ?? CloseValidation.ReasonProblem(reason);
        return problem is null;
    }

    /// <summary>
    /// Checks a close code and reason by the rule of <see cref="ForProtocol(WebSocketCloseStatus, string?)"/>, RFC
    /// 6455's rule for a close frame an endpoint sends, without throwing: the code is 1000-1003, 1007-1014 or
    /// 3000-4999 (<see cref="WebSocketCloseCodes.IsValidForProtocol"/>), and the reason is at most
    /// <see cref="MaxReasonBytes"/> UTF-8 bytes. A bad code is reported before a bad reason.
    /// </summary>
    /// <param name="code">The close code.</param>
    /// <param name="reason">The reason, or <see langword="null"/> for none.</param>
    /// <param name="problem">
    /// <see langword="null"/> when valid; otherwise the message <c>ForProtocol</c> would throw, quoting the bad value
    /// and the limit.
    /// </param>
    /// <returns><see langword="true"/> when <c>ForProtocol((WebSocketCloseStatus)code, reason)</c> would accept them.</returns>
    public static bool TryValidateForProtocol(int code, string? reason, [NotNullWhen(false)] out string? problem)
    {
        problem = CloseValidation.ProtocolCodeProblem(code) ?? CloseValidation.ReasonProblem(reason);
        return problem is null;
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
