using System.Net.WebSockets;
using System.Reactive.Linq;
using Microsoft.AspNetCore.Builder;

namespace RxWebSocketStream.AspNetCore.Tests;

/// <summary>
/// A handler that only pushes (it never subscribes to the client's messages) must still answer the client's pings
/// and see the pongs to its own, or keep-alive kills a healthy connection (RFC 6455 5.5.2).
/// </summary>
public sealed class PushOnlyKeepAliveTests
{
    private const int Pushes = 60;
    private static readonly TimeSpan PushEvery = TimeSpan.FromMilliseconds(50);

    // Generous for a loaded machine, and still shorter than the 3 s the pushes take, so an unseen PONG fails the test.
    private static readonly TimeSpan KeepAliveTimeout = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task PushOnlyHandler_BothEndsPingEvery50ms_StaysOpenForEveryPushAndClosesCleanly()
    {
        // 60 pushes 50 ms apart outlast many keep-alive periods and more than interval + timeout on both ends, so a
        // PONG that either end failed to see would abort the connection before the last push.
        var serverClosed = new TaskCompletionSource<WebSocketCloseInfo>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await KestrelServer.StartAsync(app => app.MapWebSocketConnection(
            "/push",
            connection =>
            {
                Observable.Interval(PushEvery).Take(Pushes).Select(i => Message.FromText($"tick {i}")).Subscribe(connection.Sink.OnNext);
                connection.Closed.ContinueWith(t => t.IsCompletedSuccessfully ? serverClosed.TrySetResult(t.Result) : serverClosed.TrySetException(t.Exception!.InnerExceptions), TaskScheduler.Default);
            },
            new WebSocketServerOptions { KeepAliveInterval = PushEvery, KeepAliveTimeout = KeepAliveTimeout }));

        using var client = new ClientWebSocket();
        client.Options.KeepAliveInterval = PushEvery;
        client.Options.KeepAliveTimeout = KeepAliveTimeout;
        await client.ConnectAsync(server.Ws("push"), CancellationToken.None).Within();

        for (var i = 0; i < Pushes; i++)
        {
            Assert.Equal($"tick {i}", await client.ReceiveTextAsync());
        }

        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "enough", CancellationToken.None).Within();
        Assert.Equal(new WebSocketCloseInfo(1000, "enough"), await serverClosed.Task.Within());
    }
}
