using System.Net.WebSockets;
using RxWebSocketStream.Testing;

namespace RxWebSocketStream.Tests;

/// <summary>
/// docs/behaviour.md, "Sending": Sink.OnError is a failure, and looks like one on both ends. A
/// WebSocketConnectionException without a code used to put 1000 on the wire while the connection reported a failure.
/// </summary>
public sealed class SinkErrorWithoutCodeTests
{
    [Fact]
    public async Task SinkOnError_ConnectionExceptionWithoutACode_Closes1011_AndEndsWithThatError()
    {
        var scheduler = new TestScheduler();
        var peer = new VirtualPeer(scheduler);
        var ws = WebSocketConnection.Connect(new Uri("ws://virtual/"), new() { Scheduler = scheduler, SocketFactory = peer.ConnectAsync });
        scheduler.AdvanceBy(1);
        var recorder = new Recorder();
        ws.Subscribe(recorder);

        var error = new WebSocketConnectionException("the feed failed");
        ws.Sink.OnError(error);
        scheduler.AdvanceBy(1);

        Assert.Equal([SocketAction.CloseOutput(WebSocketCloseStatus.InternalServerError, string.Empty)], peer.ReceivedActions);
        Assert.Same(error, await Assert.ThrowsAsync<WebSocketConnectionException>(() => ws.Closed.Within()));
        Assert.Same(error, await recorder.Error.Within());
    }
}
