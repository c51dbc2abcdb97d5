using System.Diagnostics;

namespace RxWebSocketStream.Internal;

/// <summary>The library's spans (docs/observability.md, "Tracing"): one source, three span names.</summary>
internal static class WebSocketActivitySource
{
    /// <summary>The client's opening handshake, from the first byte to open or failure.</summary>
    public const string ConnectSpan = "rxws.connect";

    /// <summary>The close handshake, from the first close frame (ours or the peer's) to the end.</summary>
    public const string CloseSpan = "rxws.close";

    /// <summary>One connection attempt of a reconnecting session, from the factory call to open or failure; its connect span is a child.</summary>
    public const string AttemptSpan = "rxws.session.attempt";

    public static readonly ActivitySource Instance = new(WebSocketTelemetry.ActivitySourceName, typeof(WebSocketActivitySource).Assembly.GetName().Version?.ToString());
}
