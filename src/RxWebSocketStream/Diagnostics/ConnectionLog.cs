using Microsoft.Extensions.Logging;

namespace RxWebSocketStream.Internal;

/// <summary>
/// The log events of a connection (category <see cref="WebSocketTelemetry.ConnectionCategory"/>). Ids and names are
/// part of the contract (docs/observability.md): never renumber one, add new ones at the end. Nothing here is per
/// message above Trace.
/// </summary>
internal static partial class ConnectionLog
{
    [LoggerMessage(1, LogLevel.Debug, "Connecting to {Url}, offering sub-protocols [{Protocols}]", EventName = "Connecting")]
    public static partial void Connecting(ILogger logger, string url, string protocols);

    [LoggerMessage(2, LogLevel.Information, "Connected to {Url} in {ElapsedMs} ms, sub-protocol '{SubProtocol}', extensions '{Extensions}'", EventName = "Connected")]
    public static partial void Connected(ILogger logger, string url, double elapsedMs, string subProtocol, string extensions);

    [LoggerMessage(3, LogLevel.Warning, "Connecting to {Url} failed after {ElapsedMs} ms: {Reason}", EventName = "ConnectFailed")]
    public static partial void ConnectFailed(ILogger logger, string url, double elapsedMs, string reason, Exception exception);

    [LoggerMessage(4, LogLevel.Information, "Connecting to {Url} was cancelled after {ElapsedMs} ms", EventName = "ConnectCancelled")]
    public static partial void ConnectCancelled(ILogger logger, string url, double elapsedMs);

    [LoggerMessage(5, LogLevel.Debug, "Closing {Url}: started by {Initiator} with code {CloseCode} and reason '{CloseReason}'", EventName = "Closing")]
    public static partial void Closing(ILogger logger, string url, string initiator, int? closeCode, string closeReason);

    [LoggerMessage(6, LogLevel.Information, "Closed {Url} cleanly after {DurationSeconds} s: started by {Initiator}, code {CloseCode}, reason '{CloseReason}', {UnsentCount} unsent", EventName = "Closed")]
    public static partial void Closed(ILogger logger, string url, double durationSeconds, string initiator, int? closeCode, string closeReason, int unsentCount);

    [LoggerMessage(7, LogLevel.Warning, "Connection to {Url} failed after {DurationSeconds} s: started by {Initiator}, code {CloseCode}, reason '{CloseReason}', {UnsentCount} unsent", EventName = "Failed")]
    public static partial void Failed(ILogger logger, string url, double durationSeconds, string initiator, int? closeCode, string closeReason, int unsentCount, Exception exception);

    [LoggerMessage(8, LogLevel.Warning, "The peer of {Url} broke a rule: {Rule}; closing with {CloseCode}", EventName = "ProtocolViolation")]
    public static partial void ProtocolViolation(ILogger logger, string url, string rule, int closeCode);

    [LoggerMessage(9, LogLevel.Warning, "The socket found the peer of {Url} breaking the protocol and failed the connection: {Rule}", EventName = "ProtocolViolationBySocket")]
    public static partial void ProtocolViolationBySocket(ILogger logger, string url, string rule);

    [LoggerMessage(10, LogLevel.Warning, "Keep-alive timeout on {Url}: {Reason}", EventName = "KeepAliveTimeout")]
    public static partial void KeepAliveTimeout(ILogger logger, string url, string reason);

    [LoggerMessage(11, LogLevel.Warning, "The sink of {Url} outran its send buffer ({Capacity} messages, {Overflow}); the message was dropped, and later drops are logged at Debug", EventName = "FirstOverflowDrop")]
    public static partial void FirstOverflowDrop(ILogger logger, string url, int capacity, SendBufferOverflow overflow);

    [LoggerMessage(12, LogLevel.Debug, "The sink of {Url} dropped a message: {Why} ({DroppedCount} dropped so far)", EventName = "MessageDropped")]
    public static partial void MessageDropped(ILogger logger, string url, string why, long droppedCount);

    [LoggerMessage(13, LogLevel.Trace, "Received a {MessageType} message of {Length} bytes on {Url}{Preview}", EventName = "MessageReceived", SkipEnabledCheck = true)]
    public static partial void MessageReceived(ILogger logger, MessageType messageType, int length, string url, string preview);

    [LoggerMessage(14, LogLevel.Trace, "Sent a {MessageType} message of {Length} bytes on {Url}{Preview}", EventName = "MessageSent", SkipEnabledCheck = true)]
    public static partial void MessageSent(ILogger logger, MessageType messageType, int length, string url, string preview);

    [LoggerMessage(15, LogLevel.Debug, "Wrapped an open socket, sub-protocol '{SubProtocol}'", EventName = "Accepted")]
    public static partial void Accepted(ILogger logger, string subProtocol);
}
