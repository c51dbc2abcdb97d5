using System.Buffers.Binary;
using RxWebSocketStream.Tests.Server;

namespace RxWebSocketStream.Tests;

/// <summary>docs/behaviour.md ("Receiving") against real peers: Kestrel endpoints and, for exact frames, a raw TCP peer.</summary>
public sealed class ReceivingTests(TestServer server) : IClassFixture<TestServer>
{
    [Fact]
    public async Task Receive_TextAndBinaryInterleaved_ArriveWholeInWireOrder()
    {
        var id = NewId();
        await using var ws = WebSocketConnection.Connect(server.Url("echo", id));
        var recorder = new Recorder();
        using var sub = ws.Subscribe(recorder);
        Message[] sent =
        [
            Message.FromText("one"),
            Message.FromBinary(new byte[] { 2 }),
            Message.FromText(new string('3', 200_000)),
            Message.FromBinary(new byte[300_000]),
            Message.FromText(""),
            Message.FromBinary(Array.Empty<byte>()),
        ];

        foreach (var message in sent)
        {
            ws.Sink.OnNext(message);
        }

        await recorder.WaitForMessagesAsync(sent.Length).Within();

        Assert.Equal(sent, recorder.Messages);
        Assert.Equal([true, false, true, false, true, false], recorder.Messages.Select(m => m.IsText));
    }

    [Fact]
    public async Task Receive_PeerFragmentsAMessage_OneOnNextForTheWholeMessage()
    {
        await using var peer = RawPeer.Start();
        var ws = WebSocketConnection.Connect(peer.Url);
        using var raw = await peer.AcceptAsync().Within();
        var recorder = new Recorder();
        ws.Subscribe(recorder);

        await raw.SendAsync(Opcode.Text, "frag"u8.ToArray(), fin: false);
        await raw.SendAsync(Opcode.Ping, "mid"u8.ToArray());
        await raw.SendAsync(Opcode.Continuation, "men"u8.ToArray(), fin: false);
        await raw.SendAsync(Opcode.Continuation, "ted"u8.ToArray(), fin: true);
        await raw.SendTextAsync("next");

        await recorder.WaitForMessagesAsync(2).Within();

        Assert.Equal(["fragmented", "next"], recorder.Texts);
        Assert.Equal(new Frame(true, Opcode.Pong, "mid"u8.ToArray(), true).ToString(), (await raw.ReadAsync().Within())!.ToString());
        ws.Dispose();
    }

    [Fact]
    public async Task Receive_PeerSendsBeforeFirstSubscriber_NothingIsLost()
    {
        var id = NewId();
        await using var ws = WebSocketConnection.Connect(server.Url("send?send=a,b,c", id));
        await ws.Opened.Within();
        await server.Log(id).SentAll.Within();

        var recorder = new Recorder();
        using var sub = ws.Subscribe(recorder);
        await recorder.WaitForMessagesAsync(3).Within();

        Assert.Equal(["a", "b", "c"], recorder.Texts);
    }

    [Fact]
    public async Task Receive_TwoSubscribers_ShareTheSequenceAndOnlyTheLastDisposeCloses()
    {
        var id = NewId();
        var ws = WebSocketConnection.Connect(server.Url("echo", id));
        var first = new Recorder();
        var second = new Recorder();
        var firstSub = ws.Subscribe(first);
        var secondSub = ws.Subscribe(second);

        await ws.SendAsync(Message.FromText("x")).Within();
        await Task.WhenAll(first.WaitForMessagesAsync(1), second.WaitForMessagesAsync(1)).Within();
        firstSub.Dispose();

        // The echo of "y" proves the server read "y" with no close frame before it.
        await ws.SendAsync(Message.FromText("y")).Within();
        await second.WaitForMessagesAsync(2).Within();
        Assert.False(server.Log(id).CloseReceived.IsCompleted);

        secondSub.Dispose();

        Assert.Equal((1000, ""), await server.Log(id).CloseReceived.Within());
        Assert.Equal(new WebSocketCloseInfo(1000), await ws.Closed.Within());
        Assert.Equal(["x"], first.Texts);
        Assert.Equal(["x", "y"], second.Texts);
        Assert.Equal(0, first.TerminalCalls + second.TerminalCalls);
    }

    [Fact]
    public async Task Receive_SubscribeAfterTheEnd_ReplaysOnlyTheEnd()
    {
        var ws = WebSocketConnection.Connect(server.Url("remote-close?send=a&code=4001&reason=done", NewId()));
        using (ws.Subscribe(new Recorder()))
        {
            await ws.Closed.Within();
        }

        var late = new Recorder();
        using var sub = ws.Subscribe(late);

        await late.Completed.Within();
        Assert.Empty(late.Messages);
    }

    [Fact]
    public async Task Receive_PeerSendsAfterWeStartedClosing_MessagesBeforeItsCloseAreDelivered()
    {
        await using var peer = RawPeer.Start();
        var ws = WebSocketConnection.Connect(peer.Url);
        using var raw = await peer.AcceptAsync().Within();
        var recorder = new Recorder();
        ws.Subscribe(recorder);
        await ws.Opened.Within();

        ws.Close(new WebSocketCloseInfo(4000, "bye"));
        var ours = await raw.ReadCloseAsync().Within();
        await raw.SendTextAsync("late 1");
        await raw.SendAsync(Opcode.Binary, new byte[] { 9 });
        await raw.SendCloseAsync(4000, "bye");
        raw.Drop();

        Assert.Equal(new WebSocketCloseInfo(4000, "bye"), await ws.Closed.Within());
        await recorder.Completed.Within();
        Assert.Equal((4000, "bye"), (ours.CloseCode, ours.CloseReason));
        Assert.Equal([Message.FromText("late 1"), Message.FromBinary(new byte[] { 9 })], recorder.Messages);
    }

    [Fact]
    public async Task Receive_SubscriberThrows_ClosesWith1011AndClosedCarriesTheError()
    {
        var id = NewId();
        var ws = WebSocketConnection.Connect(server.Url("echo", id));
        var boom = new InvalidOperationException("boom");
        var thrower = new Recorder { OnEach = m => throw boom };
        var other = new Recorder();
        ws.Subscribe(thrower);
        ws.Subscribe(other);

        await ws.SendAsync(Message.FromText("trigger")).Within();

        Assert.Equal((1011, ""), await server.Log(id).CloseReceived.Within());
        var closed = await Assert.ThrowsAsync<WebSocketConnectionException>(() => ws.Closed.Within());
        Assert.Equal(1011, closed.CloseCode);
        Assert.Same(boom, closed.InnerException);
        Assert.Same(closed, await other.Error.Within());
        Assert.Same(closed, await thrower.Error.Within());
    }

    [Fact]
    public async Task Receive_PeerDropsAfterAMessage_DeliversItThenFailsWith1006()
    {
        var id = NewId();
        var ws = WebSocketConnection.Connect(server.Url("drop-after-message", id));
        var recorder = new Recorder();
        ws.Subscribe(recorder);
        await recorder.WaitForMessagesAsync(1).Within();

        server.Log(id).Release();

        var error = await recorder.Error.Within();
        var closed = await Assert.ThrowsAsync<WebSocketConnectionException>(() => ws.Closed.Within());
        Assert.Same(closed, error);
        Assert.Equal(1006, closed.CloseCode);
        Assert.Equal(["hello"], recorder.Texts);
    }

    [Fact]
    public async Task Receive_PeerDropsMidMessage_FailsWith1006AndDeliversNoFragment()
    {
        var ws = WebSocketConnection.Connect(server.Url("drop-mid-message", NewId()));
        var recorder = new Recorder();
        ws.Subscribe(recorder);

        var error = await recorder.Error.Within();

        var closed = await Assert.ThrowsAsync<WebSocketConnectionException>(() => ws.Closed.Within());
        Assert.Same(closed, error);
        Assert.Equal(1006, closed.CloseCode);
        Assert.Empty(recorder.Messages);
    }

    [Fact]
    public async Task Receive_PeerPingsThenDrops_PongIsSentAndTheDropFailsWith1006()
    {
        var id = NewId();
        var ws = WebSocketConnection.Connect(server.Url("drop-after-ping", id));
        var recorder = new Recorder();
        ws.Subscribe(recorder);

        var error = await recorder.Error.Within();

        Assert.Equal("are you there"u8.ToArray(), await server.Log(id).Pong.Within());
        var closed = await Assert.ThrowsAsync<WebSocketConnectionException>(() => ws.Closed.Within());
        Assert.Same(closed, error);
        Assert.Equal(1006, closed.CloseCode);
    }

    [Fact]
    public async Task Receive_MessageOverMaxMessageSize_Sends1009AndFailsSubscribersWith1009()
    {
        var id = NewId();
        var ws = WebSocketConnection.Connect(server.Url("echo", id), new() { MaxMessageSize = 10 });
        var recorder = new Recorder();
        ws.Subscribe(recorder);

        await ws.SendAsync(Message.FromText("0123456789")).Within();
        await ws.SendAsync(Message.FromText("0123456789A")).Within();

        Assert.Equal(1009, (await server.Log(id).CloseReceived.Within()).Code);
        var error = await recorder.Error.Within();
        var closed = await Assert.ThrowsAsync<WebSocketConnectionException>(() => ws.Closed.Within());
        Assert.Same(closed, error);
        Assert.Equal(1009, closed.CloseCode);
        Assert.Equal(["0123456789"], recorder.Texts);
    }

    [Fact]
    public async Task ReadAllAsync_FloodingPeer_ReadsOnlyOnDemandSoThePeersSendsBlock()
    {
        const int Count = 48;
        const int Size = 1 << 20;
        var id = NewId();
        var log = server.Log(id);
        DemandTrackingSocket? socket = null;
        var ws = WebSocketConnection.Connect(
            server.Url($"flood?count={Count}&size={Size}", id),
            new() { SocketFactory = (url, _, ct) => DemandTrackingSocket.ConnectAsync(url, ct, s => socket = s) });
        await using var reader = ws.ReadAllAsync().GetAsyncEnumerator();

        await ws.Opened.Within();
        socket!.Ask();
        Assert.True(await reader.MoveNextAsync().AsTask().Within());
        Assert.Equal(0, Index(reader.Current));

        // 48 MiB cannot fit in the socket buffers: while we do not ask for more, the server's sends block.
        await log.SendBlocked.Within();
        Assert.False(log.SentAll.IsCompleted, "The server finished sending although we read one message.");
        Assert.InRange(log.SentCount, 0, Count - 1);

        var indexes = new List<int> { 0 };
        while (indexes.Count < Count)
        {
            socket.Ask();
            Assert.True(await reader.MoveNextAsync().AsTask().Within());
            indexes.Add(Index(reader.Current));
        }

        await log.SentAll.Within();
        Assert.Equal(Enumerable.Range(0, Count), indexes);
        Assert.Equal(0, socket.ReadsWithoutDemand);

        static int Index(Message m) => BinaryPrimitives.ReadInt32BigEndian(m.Data.Span);
    }

    private static string NewId() => Guid.NewGuid().ToString("N");
}
