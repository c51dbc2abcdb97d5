namespace RxWebSocketStream;

/// <summary>
/// The WebSocket close codes by name (RFC 6455 section 7.4.1 and the IANA "WebSocket Close Code Number" registry),
/// and the two rules for which of them may be sent: <see cref="IsValidForApplication"/>, the browser's rule for a
/// close the application chooses, and <see cref="IsValidForProtocol"/>, RFC 6455's rule for any close frame an
/// endpoint sends.
/// </summary>
/// <remarks>
/// <para>
/// Plain <see cref="int"/> constants, so they compare directly with <see cref="WebSocketCloseInfo.Code"/> and
/// <see cref="WebSocketConnectionException.CloseCode"/>. (<see cref="System.Net.WebSockets.WebSocketCloseStatus"/>
/// names only some of them, under other names, and has no member for 1006 or 1012-1015.)
/// </para>
/// <para>
/// For sending, RFC 6455 and the registry sort the codes as follows; docs/behaviour.md, "Closing", says which path
/// of the library sends which:
/// <code>
///    0- 999  not used                                        never sent
///      1000  normal closure                                  application and protocol rule
/// 1001-1003  going away, protocol error, unsupported data    protocol rule only
///      1004  reserved                                        never sent
///      1005  no status received (reported, never sent)       never sent
///      1006  abnormal closure (reported, never sent)         never sent
/// 1007-1014  invalid payload data .. bad gateway             protocol rule only
///      1015  TLS handshake failure (reported, never sent)    never sent
/// 1016-2999  reserved for future RFCs and extensions         never sent
/// 3000-3999  registered with IANA by libraries/frameworks    application and protocol rule
/// 4000-4999  private use                                     application and protocol rule
///     5000+  not used                                        never sent
/// </code>
/// </para>
/// </remarks>
public static class WebSocketCloseCodes
{
    /// <summary>1000: the purpose of the connection was fulfilled.</summary>
    public const int NormalClosure = 1000;

    /// <summary>1001: the endpoint is going away (a server shutting down, a browser leaving the page).</summary>
    public const int GoingAway = 1001;

    /// <summary>1002: the endpoint is terminating the connection because of a protocol error.</summary>
    public const int ProtocolError = 1002;

    /// <summary>1003: the endpoint received a type of data it cannot accept (text where it only takes binary, say).</summary>
    public const int UnsupportedData = 1003;

    /// <summary>
    /// 1005: reported when a close frame had no code (an empty body). Never sent: RFC 6455 reserves it for reporting.
    /// </summary>
    public const int NoStatusReceived = 1005;

    /// <summary>
    /// 1006: reported when the connection ended without a close handshake (lost, aborted, timed out). Never sent.
    /// </summary>
    public const int AbnormalClosure = 1006;

    /// <summary>1007: a message's data did not match its type (a text message that is not valid UTF-8).</summary>
    public const int InvalidPayloadData = 1007;

    /// <summary>1008: a message violated the endpoint's policy (a generic code when no other fits).</summary>
    public const int PolicyViolation = 1008;

    /// <summary>1009: a message was too big to process.</summary>
    public const int MessageTooBig = 1009;

    /// <summary>1010: the client expected the server to negotiate an extension, and it did not.</summary>
    public const int MandatoryExtension = 1010;

    /// <summary>1011: the endpoint met an unexpected condition that prevented it from fulfilling the request.</summary>
    public const int InternalError = 1011;

    /// <summary>1012: the server is restarting (IANA registry).</summary>
    public const int ServiceRestart = 1012;

    /// <summary>1013: the server is overloaded or otherwise unable to serve now; try again later (IANA registry).</summary>
    public const int TryAgainLater = 1013;

    /// <summary>1014: a gateway or proxy received an invalid response from the upstream server (IANA registry).</summary>
    public const int BadGateway = 1014;

    /// <summary>1015: reported when the TLS handshake failed. Never sent.</summary>
    public const int TlsHandshakeFailure = 1015;

    /// <summary>3000: the first code of the range applications may use (3000-3999 registered with IANA, 4000-4999 private).</summary>
    public const int MinApplicationCode = 3000;

    /// <summary>4999: the last code of the range applications may use.</summary>
    public const int MaxApplicationCode = 4999;

    /// <summary>
    /// The browser's rule for a close code chosen by the application (<c>WebSocketStream.close()</c>, where anything
    /// else is an InvalidAccessError): <see cref="NormalClosure"/> or
    /// <see cref="MinApplicationCode"/>-<see cref="MaxApplicationCode"/>. It is the rule of
    /// <see cref="WebSocketConnection.Close(WebSocketCloseInfo?)"/>; a close without a code is also allowed there.
    /// </summary>
    /// <param name="code">The code.</param>
    /// <returns>Whether an application may close with <paramref name="code"/>.</returns>
    public static bool IsValidForApplication(int code) =>
        code is NormalClosure or (>= MinApplicationCode and <= MaxApplicationCode);

    /// <summary>
    /// RFC 6455's rule for a code an endpoint may put in a close frame it sends: 1000-1003, 1007-1014 or 3000-4999
    /// (never 1004, 1005, 1006, 1015, 1016-2999, below 1000 or above 4999). It is the rule of
    /// <see cref="WebSocketCloseInfo.ForProtocol(System.Net.WebSockets.WebSocketCloseStatus, string?)"/>.
    /// </summary>
    /// <param name="code">The code.</param>
    /// <returns>Whether <paramref name="code"/> may be sent.</returns>
    public static bool IsValidForProtocol(int code) =>
        code is (>= NormalClosure and <= UnsupportedData) or (>= InvalidPayloadData and <= BadGateway)
            or (>= MinApplicationCode and <= MaxApplicationCode);
}
