namespace RxWebSocketStream.FanOut.Benchmarks;

/// <summary>
/// One side of the comparison: server instance(s) in this process that clients connect to, and a way to
/// broadcast one payload to all of them. A new variant (for example two instances behind a backplane) is
/// one more implementation, listed in <see cref="Targets"/>.
/// </summary>
internal interface IFanOutTarget : IAsyncDisposable
{
    /// <summary>The name in the report, for example <c>rxws</c> or <c>signalr-json</c>.</summary>
    string Name { get; }

    /// <summary>How the client process speaks to the server: <c>rxws</c>, <c>signalr-json</c> or <c>signalr-msgpack</c>.</summary>
    string ClientKind { get; }

    /// <summary>Starts the server instance(s) on free loopback ports.</summary>
    Task StartAsync();

    /// <summary>The addresses clients connect to; clients are spread over them in turn.</summary>
    IReadOnlyList<Uri> ClientUrls { get; }

    /// <summary>Broadcasts one payload to every connected client. Awaited before the next one.</summary>
    ValueTask BroadcastAsync(byte[] payload);
}
