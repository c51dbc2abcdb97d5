using System.Net.WebSockets;
using RxWebSocketStream.Testing;

namespace RxWebSocketStream.Tests.Reconnect;

/// <summary>
/// The session's <see cref="ReconnectingConnection.Sink"/> and the cancellable <see cref="ReconnectingConnection.SendAsync(Message, CancellationToken)"/>,
/// in virtual time (docs/reconnect.md, "The session's sink"). Connection 0 opens at 0 and, in most tests, the peer drops
/// it at 100; connection 1 opens at 150 (the 50 ms back-off).
/// </summary>
public sealed class ReconnectingConnectionSinkTests
{
    private static (VirtualSessionHarness H, ReconnectingConnection Session) Session(
        int sendBufferCapacity = 16,
        SendBufferOverflow overflow = SendBufferOverflow.Fail,
        QueuedMessagePolicy queued = QueuedMessagePolicy.QueueWhileDisconnected,
        bool dropAt100 = true)
    {
        var h = new VirtualSessionHarness(VirtualSessionHarness.HalfJitterPolicy(), queued: queued, sendBufferCapacity: sendBufferCapacity);
        var options = new ReconnectingConnectionOptions
        {
            Policy = h.Options.Policy,
            Scheduler = h.Scheduler,
            QueuedMessagePolicy = queued,
            SendBufferCapacity = sendBufferCapacity,
            SendBufferOverflow = overflow,
        };
        var session = ReconnectingConnection.Create(h.Connect, options);
        h.At(0, session.Start);
        if (dropAt100)
        {
            h.PeerAt(100, PeerAction.Drop());
        }

        return (h, session);
    }

    private static string[] TextsReceived(VirtualPeer peer) => [.. peer.ReceivedActions.Where(a => a.Text is not null).Select(a => a.Text!)];

    private static void Counts(ReconnectingConnection session, long dropped, long unsent, long possiblyLost) =>
        Assert.Equal((dropped, unsent, possiblyLost), (session.DroppedMessageCount, session.UnsentMessageCount, session.PossiblyLostMessageCount));

    [Fact]
    public void Sink_WhileOpen_SendsInCallOrderWithSendAsync()
    {
        var (h, session) = Session(dropAt100: false);
        h.At(10, () =>
        {
            session.Sink.OnNext(Message.FromText("1"));
            _ = session.SendAsync(Message.FromText("2"));
            session.Sink.OnNext(Message.FromText("3"));
        });

        h.RunTo(50);

        Assert.Equal(["1", "2", "3"], TextsReceived(h.Peers[0]));
        Counts(session, 0, 0, 0);
    }

    [Fact]
    public void Sink_WhileReconnecting_QueuesAndSendsOnTheNextConnection_InOrder()
    {
        var (h, session) = Session();
        h.At(120, () => session.Sink.OnNext(Message.FromText("q1")));
        h.At(130, () => session.Sink.OnNext(Message.FromText("q2")));

        h.RunTo(300);

        Assert.Equal(["q1", "q2"], TextsReceived(h.Peers[1]));
        Assert.Equal(150, VirtualSessionHarness.Ms(h.Peers[1].ReceivedMessages[0].Time));
        Counts(session, 0, 0, 0);
    }

    [Fact]
    public void Sink_FailWhileDisconnected_DropsAndCountsWhatComesDuringTheOutage()
    {
        var (h, session) = Session(queued: QueuedMessagePolicy.FailWhileDisconnected);
        h.At(50, () => session.Sink.OnNext(Message.FromText("open")));
        h.At(120, () => session.Sink.OnNext(Message.FromText("outage")));
        h.At(200, () => session.Sink.OnNext(Message.FromText("back")));

        h.RunTo(300);

        Assert.Equal(["open"], TextsReceived(h.Peers[0]));
        Assert.Equal(["back"], TextsReceived(h.Peers[1]));
        Counts(session, dropped: 1, unsent: 0, possiblyLost: 0);
    }

    [Fact]
    public void Sink_OverflowUnderDropNewest_DropsTheNewMessage_AndTheSessionGoesOn()
    {
        // The peer takes nothing: two messages stay in flight, and the third does not fit.
        var (h, session) = Session(sendBufferCapacity: 2, overflow: SendBufferOverflow.DropNewest, dropAt100: false);
        h.PeerAt(5, PeerAction.StopReading());
        h.At(10, () =>
        {
            session.Sink.OnNext(Message.FromText("1"));
            session.Sink.OnNext(Message.FromText("2"));
            session.Sink.OnNext(Message.FromText("3"));
        });
        h.PeerAt(20, PeerAction.ResumeReading());
        h.At(30, () => session.Sink.OnNext(Message.FromText("4")));

        h.RunTo(100);

        Assert.Equal(["1", "2", "4"], TextsReceived(h.Peers[0]));
        Counts(session, dropped: 1, unsent: 0, possiblyLost: 0);
        Assert.Single(h.Peers);
    }

    [Fact]
    public void Sink_OverflowUnderFail_SendsWhatFit_ClosesWith1011_AndTheMessagesErrorNamingTheCapacity()
    {
        var (h, session) = Session(sendBufferCapacity: 2, dropAt100: false);
        var recorder = new EndRecorder();
        h.At(1, () => session.Subscribe(recorder));
        h.PeerAt(5, PeerAction.StopReading());
        h.At(10, () =>
        {
            session.Sink.OnNext(Message.FromText("1"));
            session.Sink.OnNext(Message.FromText("2"));
            session.Sink.OnNext(Message.FromText("3"));
        });
        h.PeerAt(20, PeerAction.ResumeReading());

        h.RunTo(3000);

        Assert.Equal(["1", "2"], TextsReceived(h.Peers[0]));
        var close = Assert.Single(h.Peers[0].ReceivedActions, a => a.Kind == SocketActionKind.CloseOutput);
        Assert.Equal(WebSocketCloseStatus.InternalServerError, close.CloseStatus);
        var error = Assert.IsType<WebSocketConnectionException>(recorder.Error);
        Assert.Equal(1011, error.CloseCode);
        Assert.Contains("2 messages", error.Message);
        Assert.Single(h.Peers);
        Counts(session, dropped: 1, unsent: 0, possiblyLost: 0);
    }

    [Fact]
    public void Sink_OnCompletedDuringAnOutage_WaitsForTheNextConnection_SendsTheQueue_ThenClosesWith1000()
    {
        var (h, session) = Session();
        var recorder = new EndRecorder();
        h.At(1, () => session.Subscribe(recorder));
        h.At(120, () =>
        {
            session.Sink.OnNext(Message.FromText("last words"));
            session.Sink.OnCompleted();
            session.Sink.OnNext(Message.FromText("after the end"));
        });

        h.RunTo(3000);

        Assert.Equal(2, h.Peers.Count);
        Assert.Equal(["last words"], TextsReceived(h.Peers[1]));
        var close = Assert.Single(h.Peers[1].ReceivedActions, a => a.Kind == SocketActionKind.CloseOutput);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, close.CloseStatus);
        Assert.True(recorder.Completed);
        Counts(session, dropped: 1, unsent: 0, possiblyLost: 0);
        Assert.IsType<InvalidOperationException>(session.SendAsync(Message.FromText("x")).Exception?.InnerException);
    }

    [Fact]
    public void Sink_OnError_ClosesWith1011_AndTheMessagesEndWithTheConnectionsError_NoReconnect()
    {
        var (h, session) = Session(dropAt100: false);
        var recorder = new EndRecorder();
        var cause = new FormatException("bad tick");
        h.At(1, () => session.Subscribe(recorder));
        h.At(10, () =>
        {
            session.Sink.OnNext(Message.FromText("before"));
            session.Sink.OnError(cause);
        });

        h.RunTo(3000);

        Assert.Equal(["before"], TextsReceived(h.Peers[0]));
        var error = Assert.IsType<WebSocketConnectionException>(recorder.Error);
        Assert.Equal(1011, error.CloseCode);
        Assert.Same(cause, error.InnerException);
        Assert.Single(h.Peers);
    }

    [Fact]
    public void Sink_MessagesQueuedWhenTheSessionEnds_AreCountedUnsent()
    {
        var (h, session) = Session();
        h.At(120, () =>
        {
            session.Sink.OnNext(Message.FromText("a"));
            session.Sink.OnNext(Message.FromText("b"));
        });
        h.At(130, session.Dispose);
        h.At(140, () => session.Sink.OnNext(Message.FromText("c")));

        h.RunTo(1000);

        Assert.Single(h.Peers);
        Counts(session, dropped: 1, unsent: 2, possiblyLost: 0);
    }

    [Fact]
    public void Sink_AMessageInFlightWhenTheConnectionDies_IsCountedPossiblyLost_AndNeverResent()
    {
        var (h, session) = Session();
        h.PeerAt(10, PeerAction.StopReading());
        h.At(50, () => session.Sink.OnNext(Message.FromText("in flight")));

        h.RunTo(400);

        Assert.Equal(2, h.Peers.Count);
        Assert.Empty(h.Peers.SelectMany(TextsReceived));
        Counts(session, dropped: 0, unsent: 0, possiblyLost: 1);
    }

    [Fact]
    public void SendAsync_CancelledWhileQueuedDuringAnOutage_IsCancelled_AndNeverSent()
    {
        var (h, session) = Session();
        using var cts = new CancellationTokenSource();
        Task? withdrawn = null;
        Task? kept = null;
        h.At(120, () =>
        {
            withdrawn = session.SendAsync(Message.FromText("withdrawn"), cts.Token);
            kept = session.SendAsync(Message.FromText("kept"));
        });
        h.At(130, cts.Cancel);

        h.RunTo(300);

        Assert.True(withdrawn!.IsCanceled);
        Assert.True(kept!.IsCompletedSuccessfully);
        Assert.Equal(["kept"], TextsReceived(h.Peers[1]));
    }

    [Fact]
    public void SendAsync_CancelledWhileWaitingForRoomInTheConnection_IsCancelled_AndNeverSent()
    {
        var h = new VirtualSessionHarness(VirtualSessionHarness.HalfJitterPolicy());
        var options = new ReconnectingConnectionOptions { Policy = h.Options.Policy, Scheduler = h.Scheduler };
        var session = ReconnectingConnection.Create(
            attempt =>
            {
                var peer = new VirtualPeer(h.Scheduler);
                h.Peers.Add(peer);
                return WebSocketConnection.Connect(new Uri("ws://virtual.test/"), new WebSocketConnectionOptions { Scheduler = h.Scheduler, SocketFactory = peer.ConnectAsync, SendBufferCapacity = 1 });
            },
            options);
        using var cts = new CancellationTokenSource();
        var sends = new List<Task>();
        h.At(0, session.Start);
        h.PeerAt(5, PeerAction.StopReading());
        h.At(10, () =>
        {
            sends.Add(session.SendAsync(Message.FromText("on the socket")));
            sends.Add(session.SendAsync(Message.FromText("in the buffer")));
            sends.Add(session.SendAsync(Message.FromText("waiting for room"), cts.Token));
        });
        h.At(20, cts.Cancel);
        h.PeerAt(30, PeerAction.ResumeReading());

        h.RunTo(100);

        Assert.True(sends[2].IsCanceled);
        Assert.Equal(["on the socket", "in the buffer"], TextsReceived(h.Peers[0]));
        Assert.True(sends[0].IsCompletedSuccessfully && sends[1].IsCompletedSuccessfully);
    }

    [Fact]
    public void SendAsync_TokenAlreadyCancelled_IsCancelledAtOnce()
    {
        var (h, session) = Session(dropAt100: false);
        Task? send = null;
        h.At(10, () => send = session.SendAsync(Message.FromText("never"), new CancellationToken(canceled: true)));

        h.RunTo(50);

        Assert.True(send!.IsCanceled);
        Assert.Empty(TextsReceived(h.Peers[0]));
    }

    /// <summary>Records how a sequence ended, on the scheduler's own thread.</summary>
    private sealed class EndRecorder : IObserver<Message>
    {
        public Exception? Error { get; private set; }

        public bool Completed { get; private set; }

        public void OnNext(Message value)
        {
        }

        public void OnError(Exception error) => Error = error;

        public void OnCompleted() => Completed = true;
    }
}
