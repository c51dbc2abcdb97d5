using Microsoft.Extensions.Logging;

namespace RxWebSocketStream.Internal;

/// <summary>
/// The log events of a reconnecting session (category <see cref="WebSocketTelemetry.SessionCategory"/>): one per
/// attempt and one per decision. Ids start at 101 so that they never meet a connection's; never renumber one.
/// </summary>
internal static partial class SessionLog
{
    [LoggerMessage(101, LogLevel.Debug, "Connection attempt {Attempt} starting ({AttemptKind})", EventName = "AttemptStarting")]
    public static partial void AttemptStarting(ILogger logger, int attempt, string attemptKind);

    [LoggerMessage(102, LogLevel.Information, "Attempt {Attempt} ended (code {CloseCode}); reconnecting in {DelayMs} ms as attempt {NextAttempt}: {Why}", EventName = "ReconnectScheduled")]
    public static partial void ReconnectScheduled(ILogger logger, int attempt, int? closeCode, double delayMs, int nextAttempt, string why);

    [LoggerMessage(103, LogLevel.Warning, "Attempt {Attempt} ended (code {CloseCode}); not reconnecting: {Why}", EventName = "ReconnectDeclined")]
    public static partial void ReconnectDeclined(ILogger logger, int attempt, int? closeCode, string why);

    [LoggerMessage(104, LogLevel.Error, "The reconnect policy threw after attempt {Attempt}; the session ends with its exception", EventName = "PolicyFailed")]
    public static partial void PolicyFailed(ILogger logger, int attempt, Exception exception);

    [LoggerMessage(105, LogLevel.Information, "Attempt {Attempt} ended (code {CloseCode}) after the application stopped the session; no reconnect", EventName = "SessionStopped")]
    public static partial void SessionStopped(ILogger logger, int attempt, int? closeCode);
}
