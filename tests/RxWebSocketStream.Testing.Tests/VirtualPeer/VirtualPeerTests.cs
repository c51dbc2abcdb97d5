using System.Net.WebSockets;
using System.Reactive;
using System.Text;
using static RxWebSocketStream.Testing.Tests.VirtualPeer.EchoCode;

namespace RxWebSocketStream.Testing.Tests.VirtualPeer;

/// <summary>The virtual peer's own contract: virtual time, scripting, recording, and what a real socket cannot show.</summary>
public sealed class VirtualPeerTests
{
    private const long Ms = TimeSpan.TicksPerMillisecond;

    private readonly TestScheduler _scheduler = new(TestSchedulerMode.Marble);

    [Fact]
    public void Receive_ScriptedMessage_CompletesAtItsVirtualTime()
    {
        var peer = new Testing.VirtualPeer(_scheduler);
        peer.Script(new Recorded<PeerAction>(30 * Ms, PeerAction.Text("hi")));
        var buffer = new byte[16];
        long? receivedAt = null;

        var receive = ReceiveAndStamp();
        _scheduler.AdvanceTo(29 * Ms);
        Assert.Null(receivedAt);
        _scheduler.AdvanceTo(30 * Ms);

        Assert.Equal(30 * Ms, receivedAt);
        Assert.Equal("hi", Encoding.UTF8.GetString(buffer, 0, Completed.Result(receive).Count));

        async Task<WebSocketReceiveResult> ReceiveAndStamp()
        {
            var r = await peer.Socket.ReceiveAsync(buffer, CancellationToken.None).ConfigureAwait(false);
            receivedAt = _scheduler.Clock;
            return r;
        }
    }

    [Fact]
    public void Receive_ContinuationsRunInlineInOrder_OnTheSchedulerThread()
    {
        var peer = new Testing.VirtualPeer(_scheduler);
        peer.Script(
            new Recorded<PeerAction>(10 * Ms, PeerAction.Text("a")),
            new Recorded<PeerAction>(10 * Ms, PeerAction.Text("b")),
            new Recorded<PeerAction>(20 * Ms, PeerAction.Close(WebSocketCloseStatus.NormalClosure)));
        var log = new List<string>();
        var thread = Environment.CurrentManagedThreadId;

        var loop = ReadAll(peer.Socket, log);
        _scheduler.Start();

        Assert.True(loop.IsCompletedSuccessfully);
        Assert.Equal(["a@10", "b@10", $"close@20 on {thread}"], log);

        async Task ReadAll(WebSocket ws, List<string> seen)
        {
            var buffer = new byte[16];
            while (true)
            {
                var r = await ws.ReceiveAsync(buffer, CancellationToken.None).ConfigureAwait(false);
                var at = _scheduler.Clock / Ms;
                if (r.MessageType == WebSocketMessageType.Close)
                {
                    seen.Add($"close@{at} on {Environment.CurrentManagedThreadId}");
                    return;
                }

                seen.Add($"{Encoding.UTF8.GetString(buffer, 0, r.Count)}@{at}");
            }
        }
    }

    [Fact]
    public void Received_RecordsMessagesClosesAndDisposal_WithVirtualTimes()
    {
        var peer = new Testing.VirtualPeer(_scheduler);
        var ws = peer.Socket;
        var observer = _scheduler.CreateObserver<SocketAction>();
        peer.Received.Subscribe(observer);

        _scheduler.ScheduleAbsolute(0, 5 * Ms, (_, _) =>
        {
            _ = ws.SendAsync(Encoding.UTF8.GetBytes("hel"), WebSocketMessageType.Text, false, CancellationToken.None);
            return System.Reactive.Disposables.Disposable.Empty;
        });
        _scheduler.ScheduleAbsolute(0, 7 * Ms, (_, _) =>
        {
            _ = ws.SendAsync(Encoding.UTF8.GetBytes("lo"), WebSocketMessageType.Text, true, CancellationToken.None);
            _ = ws.CloseAsync((WebSocketCloseStatus)4000, "bye", CancellationToken.None);
            return System.Reactive.Disposables.Disposable.Empty;
        });
        _scheduler.ScheduleAbsolute(0, 9 * Ms, (_, _) =>
        {
            ws.Dispose();
            return System.Reactive.Disposables.Disposable.Empty;
        });
        _scheduler.Start();

        Recorded<Notification<SocketAction>>[] expected =
        [
            new(7 * Ms, Notification.CreateOnNext(SocketAction.TextMessage("hello"))),
            new(7 * Ms, Notification.CreateOnNext(SocketAction.Close((WebSocketCloseStatus)4000, "bye"))),
            new(9 * Ms, Notification.CreateOnCompleted<SocketAction>()),
        ];
        Assert.Equal(expected, observer.Messages);
        Assert.Equal(expected, peer.ReceivedMessages);
        Assert.Equal(WebSocketState.Closed, ws.State);
    }

    [Fact]
    public void CloseAsync_PeerAnswersByDefault_EchoingCodeAndReason()
    {
        var peer = new Testing.VirtualPeer(_scheduler);

        var close = peer.Socket.CloseAsync((WebSocketCloseStatus)4000, "bye", CancellationToken.None);
        _scheduler.Start();

        Assert.True(close.IsCompletedSuccessfully);
        Assert.Equal(WebSocketState.Closed, peer.Socket.State);
        Assert.Equal((WebSocketCloseStatus)4000, peer.Socket.CloseStatus);
        Assert.Equal("bye", peer.Socket.CloseStatusDescription);
    }

    [Fact]
    public void CloseAsync_EmptyStatus_StrictPeerAnswers1002()
    {
        var peer = new Testing.VirtualPeer(_scheduler);

        _ = peer.Socket.CloseAsync(WebSocketCloseStatus.Empty, null, CancellationToken.None);
        _scheduler.Start();

        Assert.Equal(SocketAction.Close(WebSocketCloseStatus.Empty), peer.ReceivedActions[0]);
        Assert.Equal(WebSocketCloseStatus.ProtocolError, peer.Socket.CloseStatus);
    }

    [Fact]
    public void CloseOutputAsync_AsAPlainSocket_1000WithoutReasonStays1000_WhateverExactCloseFramesSays()
    {
        // Only a connection arms the transport's rewrite; code using the socket directly gets the BCL's frames.
        var peer = new Testing.VirtualPeer(_scheduler, new VirtualPeerOptions { ExactCloseFrames = true });

        _ = peer.Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        _scheduler.Start();

        Assert.Equal(SocketAction.CloseOutput(WebSocketCloseStatus.NormalClosure), peer.ReceivedActions[0]);
    }

    [Fact]
    public void ReceiveAsync_PeersEmptyClose_IsReportedAsTheBclReportsIt()
    {
        var peer = new Testing.VirtualPeer(_scheduler);
        peer.Script(new Recorded<PeerAction>(1 * Ms, PeerAction.CloseEmpty()));

        var receive = peer.Socket.ReceiveAsync(new byte[16], CancellationToken.None);
        _scheduler.Start();

        Assert.Equal(WebSocketMessageType.Close, Completed.Result(receive).MessageType);
        Assert.Equal((WebSocketCloseStatus.NormalClosure, ""), (peer.Socket.CloseStatus, peer.Socket.CloseStatusDescription));
    }

    [Fact]
    public void EmptyClose_IsAnEmptyCloseFrame_ComparedByValue()
    {
        Assert.Equal(SocketAction.EmptyClose(SocketActionKind.CloseOutput), SocketAction.EmptyClose());
        Assert.NotEqual(SocketAction.EmptyClose(), SocketAction.CloseOutput(WebSocketCloseStatus.NormalClosure));
        Assert.NotEqual(SocketAction.EmptyClose(), SocketAction.EmptyClose(SocketActionKind.Close));
        Assert.Null(SocketAction.EmptyClose().CloseStatus);
        Assert.Equal("CloseOutput(empty)", SocketAction.EmptyClose().ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => SocketAction.EmptyClose(SocketActionKind.Text));
    }

    [Fact]
    public void CloseAsync_PeerNeverAnswers_StaysPendingUntilCancelled_ThenAborts()
    {
        var peer = new Testing.VirtualPeer(_scheduler, new VirtualPeerOptions { AnswersClose = false });
        using var cts = new CancellationTokenSource();
        var close = peer.Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token);
        _scheduler.ScheduleAbsolute(0, 5000 * Ms, (_, _) =>
        {
            cts.Cancel();
            return System.Reactive.Disposables.Disposable.Empty;
        });

        _scheduler.AdvanceTo(4999 * Ms);
        Assert.False(close.IsCompleted);
        Assert.Equal(WebSocketState.CloseSent, peer.Socket.State);
        _scheduler.Start();

        var error = Completed.Error<OperationCanceledException>(close);
        Assert.Equal(cts.Token, error.CancellationToken);
        Assert.Equal(WebSocketState.Aborted, peer.Socket.State);
        Assert.Equal(SocketAction.Abort, peer.ReceivedActions[^1]);
    }

    [Fact]
    public void SendAsync_PeerStopsReading_CompletesWhenItResumes_InOrder()
    {
        var peer = new Testing.VirtualPeer(_scheduler);
        peer.Script(
            new Recorded<PeerAction>(1 * Ms, PeerAction.StopReading()),
            new Recorded<PeerAction>(50 * Ms, PeerAction.ResumeReading()));
        _scheduler.AdvanceTo(1 * Ms);

        var first = peer.Socket.SendAsync(new byte[] { 1 }, WebSocketMessageType.Binary, true, CancellationToken.None);
        var second = peer.Socket.SendAsync(new byte[] { 2 }, WebSocketMessageType.Binary, true, CancellationToken.None);
        _scheduler.AdvanceTo(49 * Ms);
        Assert.False(first.IsCompleted);
        Assert.False(peer.IsReading);
        _scheduler.Start();

        Assert.True(first.IsCompletedSuccessfully && second.IsCompletedSuccessfully);
        Assert.Equal(
            [new(50 * Ms, Notification.CreateOnNext(SocketAction.BinaryMessage([1]))), new Recorded<Notification<SocketAction>>(50 * Ms, Notification.CreateOnNext(SocketAction.BinaryMessage([2])))],
            peer.ReceivedMessages);
    }

    [Fact]
    public void SendAsync_PendingWhenPeerDrops_FailsWithConnectionClosedPrematurely()
    {
        var peer = new Testing.VirtualPeer(_scheduler);
        peer.Perform(PeerAction.StopReading());
        var send = peer.Socket.SendAsync(new byte[] { 1 }, WebSocketMessageType.Binary, true, CancellationToken.None);

        peer.Perform(PeerAction.Drop());

        var error = Completed.Error<WebSocketException>(send);
        Assert.Equal(WebSocketError.ConnectionClosedPrematurely, error.WebSocketErrorCode);
        Assert.Empty(peer.ReceivedActions);
    }

    [Fact]
    public void ReceiveAsync_PendingWhenPeerDrops_ThrowsConnectionClosedPrematurely_AndAborts()
    {
        var peer = new Testing.VirtualPeer(_scheduler);
        peer.Script(new Recorded<PeerAction>(10 * Ms, PeerAction.Drop()));
        var receive = peer.Socket.ReceiveAsync(new byte[8], CancellationToken.None);

        _scheduler.Start();

        var error = Completed.Error<WebSocketException>(receive);
        Assert.Equal(WebSocketError.ConnectionClosedPrematurely, error.WebSocketErrorCode);
        Assert.Equal(WebSocketState.Aborted, peer.Socket.State);
    }

    [Fact]
    public void ReceiveAsync_Concurrent_WaitsBehindTheFirst_AsDotNet10()
    {
        var peer = new Testing.VirtualPeer(_scheduler);
        var first = peer.Socket.ReceiveAsync(new byte[8], CancellationToken.None);
        var second = peer.Socket.ReceiveAsync(new byte[8], CancellationToken.None);

        peer.Perform(PeerAction.Binary([1]));
        Assert.True(first.IsCompletedSuccessfully);
        Assert.False(second.IsCompleted);
        peer.Perform(PeerAction.Binary([2, 3]));

        Assert.Equal(2, Completed.Result(second).Count);
    }

    [Fact]
    public void ReceiveAsync_MessageAlreadyQueued_CompletesSynchronously()
    {
        var peer = new Testing.VirtualPeer(_scheduler);
        peer.Perform(PeerAction.Text("x"));

        var receive = peer.Socket.ReceiveAsync(new byte[8].AsMemory(), CancellationToken.None);

        Assert.True(receive.IsCompletedSuccessfully);
        Assert.Equal(1, Completed.Result(receive).Count);
    }

    [Fact]
    public void Script_Notifications_CompletedClosesNormally_ErrorDrops()
    {
        var closing = new Testing.VirtualPeer(_scheduler);
        var dropping = new Testing.VirtualPeer(_scheduler);
        closing.Script([new Recorded<Notification<PeerAction>>(2 * Ms, Notification.CreateOnCompleted<PeerAction>())]);
        dropping.Script([new Recorded<Notification<PeerAction>>(2 * Ms, Notification.CreateOnError<PeerAction>(new InvalidOperationException()))]);
        var closed = closing.Socket.ReceiveAsync(new byte[8], CancellationToken.None);
        var dropped = dropping.Socket.ReceiveAsync(new byte[8], CancellationToken.None);

        _scheduler.Start();

        Assert.Equal(WebSocketMessageType.Close, Completed.Result(closed).MessageType);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, closing.Socket.CloseStatus);
        Assert.Equal(WebSocketError.ConnectionClosedPrematurely, Completed.Error<WebSocketException>(dropped).WebSocketErrorCode);
    }

    [Fact]
    public void ConnectAsync_HandshakeDelay_OpensAtThatVirtualTime_WithTheSubProtocol()
    {
        var peer = new Testing.VirtualPeer(_scheduler, new VirtualPeerOptions { SubProtocol = "v1", HandshakeDelay = TimeSpan.FromMilliseconds(40) });

        var connect = peer.ConnectAsync(new Uri("wss://example.org/feed"), ["v1", "v2"], CancellationToken.None);
        _scheduler.AdvanceTo(39 * Ms);
        Assert.False(connect.IsCompleted);
        _scheduler.AdvanceTo(40 * Ms);

        Assert.Same(peer.Socket, Completed.Result(connect));
        Assert.Equal("v1", peer.Socket.SubProtocol);
        Assert.Equal(new Uri("wss://example.org/feed"), peer.RequestedUri);
        Assert.Equal(["v1", "v2"], peer.RequestedSubProtocols);
    }

    [Fact]
    public void ConnectAsync_SubProtocolNotOffered_FailsLikeClientWebSocket()
    {
        var peer = new Testing.VirtualPeer(_scheduler, new VirtualPeerOptions { SubProtocol = "v9" });

        var connect = peer.ConnectAsync(new Uri("ws://x/"), ["v1"], CancellationToken.None);

        Assert.Equal(WebSocketError.UnsupportedProtocol, Completed.Error<WebSocketException>(connect).WebSocketErrorCode);
    }

    [Fact]
    public void ConnectAsync_CancelledDuringHandshake_IsCancelled_AndFailureFaults()
    {
        var slow = new Testing.VirtualPeer(_scheduler, new VirtualPeerOptions { HandshakeDelay = TimeSpan.FromSeconds(1) });
        var failing = new Testing.VirtualPeer(_scheduler, new VirtualPeerOptions { HandshakeDelay = TimeSpan.FromSeconds(1), HandshakeFailure = new WebSocketException(WebSocketError.NotAWebSocket) });
        using var cts = new CancellationTokenSource();

        var cancelled = slow.ConnectAsync(new Uri("ws://x/"), null, cts.Token);
        var failed = failing.ConnectAsync(new Uri("ws://x/"), null, CancellationToken.None);
        _scheduler.AdvanceTo(500 * Ms);
        cts.Cancel();
        _scheduler.Start();

        Assert.True(cancelled.IsCanceled);
        Assert.Equal(WebSocketError.NotAWebSocket, Completed.Error<WebSocketException>(failed).WebSocketErrorCode);
        Assert.Throws<InvalidOperationException>(() => { _ = failing.ConnectAsync(new Uri("ws://x/"), null, CancellationToken.None); });
    }

    [Fact]
    public void SocketAction_ValueEquality_AndReadableToString()
    {
        Assert.Equal(SocketAction.BinaryMessage([1, 2]), SocketAction.BinaryMessage([1, 2]));
        Assert.NotEqual(SocketAction.Close(WebSocketCloseStatus.NormalClosure), SocketAction.CloseOutput(WebSocketCloseStatus.NormalClosure));
        Assert.Equal(SocketAction.TextMessage("a").GetHashCode(), SocketAction.TextMessage("a").GetHashCode());
        Assert.Equal("Text(\"hi\")", SocketAction.TextMessage("hi").ToString());
        Assert.Equal("Binary[0102]", SocketAction.BinaryMessage([1, 2]).ToString());
        Assert.Equal("Close(4000, \"bye\")", SocketAction.Close((WebSocketCloseStatus)4000, "bye").ToString());
        Assert.Equal("Abort", SocketAction.Abort.ToString());
    }

    [Fact]
    public void Scenario_RunThousandTimes_RecordsTheSameEveryTime()
    {
        string Run()
        {
            var scheduler = new TestScheduler(TestSchedulerMode.Marble);
            var peer = new Testing.VirtualPeer(scheduler);
            peer.Script(
                new Recorded<PeerAction>(1 * Ms, PeerAction.TextFragments("ec", "ho")),
                new Recorded<PeerAction>(3 * Ms, PeerAction.Binary([7])),
                new Recorded<PeerAction>(5 * Ms, PeerAction.Close((WebSocketCloseStatus)4001, "done")));
            _ = EchoAsync(peer.Socket, bufferSize: 2);
            scheduler.Start();
            return string.Join(",", peer.ReceivedMessages);
        }

        var first = Run();
        Assert.Contains("Close", first, StringComparison.Ordinal);
        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal(first, Run());
        }
    }
}
