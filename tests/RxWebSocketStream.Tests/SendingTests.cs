using RxWebSocketStream.Tests.Server;

namespace RxWebSocketStream.Tests;

/// <summary>docs/behaviour.md ("Sending") against a real Kestrel server whose log says what reached the wire.</summary>
public sealed class SendingTests(TestServer server) : IClassFixture<TestServer>
{
    [Fact]
    public async Task Send_SinkAndSendAsyncInterleaved_ReachTheWireInCallOrder()
    {
        var id = NewId();
        await using var ws = WebSocketConnection.Connect(server.Url("echo", id));
        await ws.Opened.Within();
        var expected = new List<Message>();
        var sends = new List<Task>();

        for (var i = 0; i < 100; i++)
        {
            var text = Message.FromText($"t{i}");
            var binary = Message.FromBinary(new[] { (byte)i });
            ws.Sink.OnNext(text);
            sends.Add(ws.SendAsync(binary));
            expected.Add(text);
            expected.Add(binary);
        }

        await Task.WhenAll(sends).Within();
        await server.Log(id).WaitForMessagesAsync(expected.Count).Within();

        Assert.Equal(expected, server.Log(id).Received);
    }

    [Fact]
    public async Task Send_BeforeOpen_IsBufferedAndSentOnceOpen()
    {
        var id = NewId();
        await using var ws = WebSocketConnection.Connect(server.Url("held", id));
        await server.Log(id).Requested.Within();

        ws.Sink.OnNext(Message.FromText("a"));
        var b = ws.SendAsync(Message.FromText("b"));
        ws.Sink.OnNext(Message.FromBinary(new byte[] { 0xC }));
        Assert.False(b.IsCompleted, "Nothing can be written before the server answers 101.");

        server.Log(id).Release();

        await b.Within();
        await server.Log(id).WaitForMessagesAsync(3).Within();
        Assert.Equal([Message.FromText("a"), Message.FromText("b"), Message.FromBinary(new byte[] { 0xC })], server.Log(id).Received);
    }

    [Fact]
    public async Task Send_BeforeOpenBeyondCapacityUnderDropNewest_DropsAndCountsTheExcess()
    {
        var id = NewId();
        await using var ws = WebSocketConnection.Connect(
            server.Url("held", id),
            new() { SendBufferCapacity = 2, SendBufferOverflow = SendBufferOverflow.DropNewest });
        await server.Log(id).Requested.Within();

        for (var i = 0; i < 5; i++)
        {
            ws.Sink.OnNext(Message.FromText($"m{i}"));
        }

        server.Log(id).Release();
        await ws.SendAsync(Message.FromText("last")).Within();
        await server.Log(id).WaitForMessagesAsync(3).Within();

        Assert.Equal(3, ws.DroppedMessageCount);
        Assert.Equal(["m0", "m1", "last"], server.Log(id).Received.Select(m => m.Text));
    }

    [Fact]
    public async Task Send_AfterClose_SendAsyncFaultsAndSinkCountsTheDrop()
    {
        var id = NewId();
        var ws = WebSocketConnection.Connect(server.Url("close-held", id));
        await ws.Opened.Within();
        ws.Close(new WebSocketCloseInfo(4000));

        // Closing: the close frame is queued, the server holds its answer.
        await Assert.ThrowsAsync<InvalidOperationException>(() => ws.SendAsync(Message.FromText("late")).Within());
        ws.Sink.OnNext(Message.FromText("late too"));
        Assert.Equal(1, ws.DroppedMessageCount);

        server.Log(id).Release();
        await ws.Closed.Within();

        // Closed.
        await Assert.ThrowsAsync<InvalidOperationException>(() => ws.SendAsync(Message.FromText("later")).Within());
        ws.Sink.OnNext(Message.FromText("later too"));
        Assert.Equal(2, ws.DroppedMessageCount);
        Assert.Empty(server.Log(id).Received);
    }

    [Fact]
    public async Task Sink_OnCompleted_FlushesEveryQueuedMessageThenCloses1000()
    {
        var id = NewId();
        var ws = WebSocketConnection.Connect(server.Url("echo", id));
        await ws.Opened.Within();

        for (var i = 0; i < 500; i++)
        {
            ws.Sink.OnNext(Message.FromText($"m{i}"));
        }

        ws.Sink.OnCompleted();

        Assert.Equal((1000, ""), await server.Log(id).CloseReceived.Within());
        Assert.Equal(Enumerable.Range(0, 500).Select(i => $"m{i}"), server.Log(id).Received.Select(m => m.Text));
        var closed = await ws.Closed.Within();
        Assert.Equal(1000, closed.Code);
        Assert.Equal(0, closed.UnsentMessageCount);
    }

    [Fact]
    public async Task Sink_OnCompletedBeforeOpen_WaitsForOpenFlushesThenCloses1000()
    {
        // A cold source subscribed to the sink right after Connect: Observable.Return(m).Subscribe(ws.Sink).
        var id = NewId();
        var ws = WebSocketConnection.Connect(server.Url("held", id));
        await server.Log(id).Requested.Within();

        ws.Sink.OnNext(Message.FromText("hello"));
        ws.Sink.OnCompleted();
        server.Log(id).Release();

        await ws.Opened.Within();
        Assert.Equal((1000, ""), await server.Log(id).CloseReceived.Within());
        Assert.Equal(["hello"], server.Log(id).Received.Select(m => m.Text));
        Assert.Equal(1000, (await ws.Closed.Within()).Code);
    }

    [Fact]
    public async Task Sink_OnErrorBeforeOpen_WaitsForOpenFlushesThenClosesWithItsCode()
    {
        var id = NewId();
        var ws = WebSocketConnection.Connect(server.Url("held", id));
        await server.Log(id).Requested.Within();
        var error = new WebSocketConnectionException("upstream failed", 4002, "upstream");

        ws.Sink.OnNext(Message.FromText("before"));
        ws.Sink.OnError(error);
        server.Log(id).Release();

        await ws.Opened.Within();
        Assert.Equal((4002, "upstream"), await server.Log(id).CloseReceived.Within());
        Assert.Equal(["before"], server.Log(id).Received.Select(m => m.Text));
        Assert.Same(error, await Assert.ThrowsAsync<WebSocketConnectionException>(() => ws.Closed.Within()));
    }

    [Fact]
    public async Task Sink_OverflowBeforeOpenUnderFail_FlushesQueuedThenCloses1011()
    {
        var id = NewId();
        var ws = WebSocketConnection.Connect(server.Url("held", id), new() { SendBufferCapacity = 2 });
        await server.Log(id).Requested.Within();

        ws.Sink.OnNext(Message.FromText("1"));
        ws.Sink.OnNext(Message.FromText("2"));
        ws.Sink.OnNext(Message.FromText("3"));   // over the capacity: refused, and the connection fails
        server.Log(id).Release();

        await ws.Opened.Within();
        Assert.Equal((1011, "send buffer full"), await server.Log(id).CloseReceived.Within());
        Assert.Equal(["1", "2"], server.Log(id).Received.Select(m => m.Text));
        var e = await Assert.ThrowsAsync<WebSocketConnectionException>(() => ws.Closed.Within());
        Assert.Equal(1011, e.CloseCode);
        Assert.Contains("(2 messages, SendBufferCapacity)", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, ws.DroppedMessageCount);
    }

    [Fact]
    public async Task Sink_OnNextAfterOnCompletedBeforeOpen_IsRefusedAndCounted()
    {
        var id = NewId();
        var ws = WebSocketConnection.Connect(server.Url("held", id));
        await server.Log(id).Requested.Within();

        ws.Sink.OnNext(Message.FromText("in"));
        ws.Sink.OnCompleted();
        ws.Sink.OnNext(Message.FromText("after completion"));
        server.Log(id).Release();

        Assert.Equal(1000, (await ws.Closed.Within()).Code);
        Assert.Equal(["in"], server.Log(id).Received.Select(m => m.Text));
        Assert.Equal(1, ws.DroppedMessageCount);
    }

    [Fact]
    public async Task Sink_OnErrorWithConnectionException_ClosesWithItsCodeAndReason()
    {
        var id = NewId();
        var ws = WebSocketConnection.Connect(server.Url("echo", id));
        var recorder = new Recorder();
        ws.Subscribe(recorder);
        await ws.Opened.Within();
        var error = new WebSocketConnectionException("application failure", 4001, "x");

        ws.Sink.OnNext(Message.FromText("before"));
        ws.Sink.OnError(error);

        Assert.Equal((4001, "x"), await server.Log(id).CloseReceived.Within());
        Assert.Equal(["before"], server.Log(id).Received.Select(m => m.Text));
        Assert.Same(error, await Assert.ThrowsAsync<WebSocketConnectionException>(() => ws.Closed.Within()));
        Assert.Same(error, await recorder.Error.Within());
    }

    [Fact]
    public async Task Sink_OnErrorWithOtherException_Closes1011AndWrapsIt()
    {
        var id = NewId();
        var ws = WebSocketConnection.Connect(server.Url("echo", id));
        await ws.Opened.Within();
        var error = new TimeoutException("upstream stalled");

        ws.Sink.OnError(error);

        Assert.Equal(1011, (await server.Log(id).CloseReceived.Within()).Code);
        var closed = await Assert.ThrowsAsync<WebSocketConnectionException>(() => ws.Closed.Within());
        Assert.Equal(1011, closed.CloseCode);
        Assert.Same(error, closed.InnerException);
    }

    [Fact]
    public async Task Send_PeerDropsWhileSendsPending_EveryPendingSendFaultsWithTheSameError()
    {
        var id = NewId();
        var ws = WebSocketConnection.Connect(server.Url("stop-reading", id));
        var recorder = new Recorder();
        ws.Subscribe(recorder);
        await ws.Opened.Within();

        // 64 MiB cannot fit in the socket buffers of a server that does not read: the first send stays pending.
        var big = ws.SendAsync(Message.FromBinary(new byte[64 << 20]));
        var queued = ws.SendAsync(Message.FromText("queued"));
        ws.Sink.OnNext(Message.FromText("queued in the sink"));
        Assert.False(big.IsCompleted);

        server.Log(id).Release();

        var closed = await Assert.ThrowsAsync<WebSocketConnectionException>(() => ws.Closed.Within());
        Assert.Equal(1006, closed.CloseCode);
        Assert.Same(closed, await Assert.ThrowsAsync<WebSocketConnectionException>(() => big.Within()));
        Assert.Same(closed, await Assert.ThrowsAsync<WebSocketConnectionException>(() => queued.Within()));
        Assert.Same(closed, await recorder.Error.Within());
        Assert.Equal(1, closed.UnsentMessageCount);
    }

    private static string NewId() => Guid.NewGuid().ToString("N");
}
