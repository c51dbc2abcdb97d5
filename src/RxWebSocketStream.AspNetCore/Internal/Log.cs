using Microsoft.Extensions.Logging;

namespace RxWebSocketStream.AspNetCore.Internal;

/// <summary>The package's log messages (category <c>RxWebSocketStream.AspNetCore</c>).</summary>
internal static partial class Log
{
    public const string Category = "RxWebSocketStream.AspNetCore";

    [LoggerMessage(1, LogLevel.Error, "The WebSocket handler for {Path} threw; the connection was closed with 1011.")]
    public static partial void HandlerFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(2, LogLevel.Debug, "WebSocket request to {Path} refused with {StatusCode}: {Reason}")]
    public static partial void Refused(ILogger logger, string path, int statusCode, string reason);

    [LoggerMessage(3, LogLevel.Error, "The WebSocket feed for {Path} failed; the connection was closed with 1011.")]
    public static partial void FeedFailed(ILogger logger, string path, Exception exception);
}
