namespace RxWebSocketStream;

/// <summary>
/// The names under which the library reports: the meter and the activity source to listen to, and the logger
/// categories to filter on. Every event, instrument and span is listed in docs/observability.md.
/// </summary>
public static class WebSocketTelemetry
{
    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/>: <c>RxWebSocketStream</c>.</summary>
    public const string MeterName = "RxWebSocketStream";

    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/>: <c>RxWebSocketStream</c>.</summary>
    public const string ActivitySourceName = "RxWebSocketStream";

    /// <summary>The logger category of a <see cref="WebSocketConnection"/>.</summary>
    public const string ConnectionCategory = "RxWebSocketStream.WebSocketConnection";

    /// <summary>The logger category of a <see cref="ReconnectingConnection"/>.</summary>
    public const string SessionCategory = "RxWebSocketStream.ReconnectingConnection";
}
