using RxWebSocketStream.Internal;

namespace RxWebSocketStream;

/// <summary>
/// A WebSocket connection failed or closed uncleanly: the browser's <c>WebSocketError</c>. (That name is
/// taken in .NET by the <see cref="System.Net.WebSockets.WebSocketError"/> enum, so ours says what it is.)
/// </summary>
/// <remarks>
/// <para>
/// <see cref="CloseCode"/> is <see langword="null"/> when the opening handshake failed, 1006 when the
/// connection ended without a close frame, or the code that closed it (1009 for a message over the size
/// limit, 1011 for a failure of ours, the code received when the peer's close frame did arrive).
/// </para>
/// <para>
/// Passed to the sink's <see cref="IObserver{T}.OnError(Exception)"/>, it closes the connection with its
/// code and reason; so constructing one validates them exactly as
/// <see cref="WebSocketConnection.Close(WebSocketCloseInfo?)"/> does, and a reason without a code gives 1000.
/// </para>
/// </remarks>
public sealed class WebSocketConnectionException : Exception
{
    /// <summary>Creates an error with no close code.</summary>
    public WebSocketConnectionException()
        : this("The WebSocket connection failed.")
    {
    }

    /// <summary>Creates an error with a message and no close code.</summary>
    /// <param name="message">What went wrong.</param>
    public WebSocketConnectionException(string message)
        : base(message)
    {
        Reason = string.Empty;
    }

    /// <summary>Creates an error with a message and an inner exception, and no close code.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public WebSocketConnectionException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Reason = string.Empty;
    }

    /// <summary>
    /// Creates an error that closes with a code chosen by the application, validated by the browser's
    /// rule. A reason without a code gives 1000.
    /// </summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="closeCode">1000 or 3000-4999, or <see langword="null"/>.</param>
    /// <param name="reason">At most 123 UTF-8 bytes.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="closeCode"/> is not 1000 and not 3000-4999.</exception>
    /// <exception cref="ArgumentException"><paramref name="reason"/> is longer than 123 UTF-8 bytes.</exception>
    public WebSocketConnectionException(string message, int? closeCode, string? reason = null)
        : base(message)
    {
        CloseValidation.ValidateApplicationClose(closeCode, reason, nameof(closeCode), nameof(reason));
        CloseCode = closeCode ?? (string.IsNullOrEmpty(reason) ? null : CloseValidation.NormalClosure);
        Reason = reason ?? string.Empty;
    }

    /// <summary>
    /// Creates an error that closes with the given close info, validated by the rule that applies to it
    /// (see <see cref="WebSocketCloseInfo.ForProtocol"/>).
    /// </summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="closeInfo">The code and reason to close with.</param>
    /// <exception cref="ArgumentNullException"><paramref name="closeInfo"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The code may not be sent.</exception>
    /// <exception cref="ArgumentException">The reason is longer than 123 UTF-8 bytes.</exception>
    public WebSocketConnectionException(string message, WebSocketCloseInfo closeInfo)
        : base(message)
    {
        ArgumentNullException.ThrowIfNull(closeInfo);
        closeInfo.Validate(nameof(closeInfo));
        CloseCode = closeInfo.Code ?? (closeInfo.Reason.Length == 0 ? null : CloseValidation.NormalClosure);
        Reason = closeInfo.Reason;
        IsProtocolCode = closeInfo.IsProtocolCode;
    }

    private WebSocketConnectionException(string message, int? closeCode, string reason, Exception? innerException)
        : base(message, innerException)
    {
        CloseCode = closeCode;
        Reason = reason;
    }

    /// <summary>Gets the close code (see the remarks), or <see langword="null"/>.</summary>
    public int? CloseCode { get; }

    /// <summary>Gets the close reason, or the empty string.</summary>
    public string Reason { get; }

    /// <summary>Gets how many messages accepted by the sink were never written to the socket.</summary>
    /// <remarks>Filled in by the connection before the error is published; the same object then reaches
    /// <see cref="WebSocketConnection.Closed"/>, the subscribers and every pending send.</remarks>
    public int UnsentMessageCount { get; internal set; }

    internal bool IsProtocolCode { get; }

    /// <summary>
    /// Creates an error reported by the connection itself (not validated: it may carry 1006, or a code the
    /// peer sent).
    /// </summary>
    internal static WebSocketConnectionException Report(string message, int? closeCode, string? reason = null, Exception? innerException = null) =>
        new(message, closeCode, reason ?? string.Empty, innerException);
}
