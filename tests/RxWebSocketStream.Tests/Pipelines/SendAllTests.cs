using System.Net.WebSockets;
using RxWebSocketStream.Testing;
using RxWebSocketStream.Tests.Reconnect;

namespace RxWebSocketStream.Tests.Pipelines;

/// <summary>
/// <c>SendAllAsync</c> on a connection and on a session, in virtual time (docs/pipelines.md, "Sending a stream"):
/// backpressure proven by counting what is taken and not yet received, never by timing.
/// </summary>
public sealed class SendAllTests
{
    private readonly TestScheduler _scheduler = new();
    private readonly VirtualPeer _peer;

    public SendAllTests() => _peer = new VirtualPeer(_scheduler);

    private WebSocketConnection Connect(int sendBufferCapacity = 4) =>
        WebSocketConnection.Connect(new Uri("ws://virtual/"), new() { Scheduler = _scheduler, SocketFactory = _peer.ConnectAsync, SendBufferCapacity = sendBufferCapacity });

    private static string[] Texts(VirtualPeer peer) => [.. peer.ReceivedActions.Where(a => a.Text is not null).Select(a => a.Text!)];

    private void At(long ms, Action action) =>
        _scheduler.ScheduleAbsolute(action, ms * TimeSpan.TicksPerMillisecond, static (_, a) =>
        {
            a();
            return System.Reactive.Disposables.Disposable.Empty;
        });

    /// <summary>The result of a call that virtual time has already brought to its end.</summary>
    private static SendAllResult Settled(Task<SendAllResult> sending)
    {
        Assert.True(sending.IsCompletedSuccessfully, $"SendAllAsync is {sending.Status}");
        return sending.GetAwaiter().GetResult();
    }

    private void RunTo(long ms) => _scheduler.AdvanceTo(ms * TimeSpan.TicksPerMillisecond);

    [Fact]
    public void SendAllAsync_ASlowPeer_NeverLetsMoreThanTheSendBufferGetAhead_ThenSendsEverything()
    {
        var ws = Connect(sendBufferCapacity: 4);
        var source = new PacedSource(_scheduler, () => Texts(_peer).Length);
        Task<SendAllResult>? sending = null;
        At(1, () => _peer.Perform(PeerAction.StopReading()));
        At(2, () => sending = ws.SendAllAsync(source.Messages(20)));

        RunTo(50);

        // The peer takes nothing: four messages were taken (one on the socket, three in the buffer) and the source waits.
        Assert.Equal(4, source.Taken);
        Assert.Empty(Texts(_peer));
        Assert.False(sending!.IsCompleted);

        At(60, () => _peer.Perform(PeerAction.ResumeReading()));
        RunTo(100);

        Assert.Equal(Enumerable.Range(0, 20).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), Texts(_peer));
        Assert.Equal(4, source.MostAhead);
        var result = Settled(sending);
        Assert.Equal((20L, 0L, SendAllStopReason.Completed, (Exception?)null), (result.Sent, result.Unsent, result.Reason, result.Error));
    }

    [Fact]
    public void SendAllAsync_ThePeerClosesMidStream_StopsAtTheFirstRefusedSend_AndTakesNoMore()
    {
        var ws = Connect();
        var source = new PacedSource(_scheduler, () => Texts(_peer).Length);
        Task<SendAllResult>? sending = null;
        At(1, () => sending = ws.SendAllAsync(source.Messages(10, startMs: 10, everyMs: 10)));
        At(55, () => _peer.Perform(PeerAction.Close(WebSocketCloseStatus.NormalClosure)));

        RunTo(200);

        Assert.Equal(["0", "1", "2", "3", "4"], Texts(_peer));
        var result = Settled(sending!);
        Assert.Equal((5L, 1L, SendAllStopReason.SendFailed), (result.Sent, result.Unsent, result.Reason));
        Assert.IsType<InvalidOperationException>(result.Error);
        Assert.Equal(6, source.Taken);
    }

    [Fact]
    public void SendAllAsync_TheSourceThrows_ReportsItsException_AfterSendingWhatCameBefore_AndLeavesTheConnectionOpen()
    {
        var ws = Connect();
        var source = new PacedSource(_scheduler, () => Texts(_peer).Length);
        var failure = new InvalidDataException("feed broke");
        Task<SendAllResult>? sending = null;
        Task? after = null;
        At(1, () => sending = ws.SendAllAsync(source.Messages(3, failWith: failure)));
        At(10, () => after = ws.SendAsync(Message.FromText("still open")));

        RunTo(100);

        var result = Settled(sending!);
        Assert.Equal((3L, 0L, SendAllStopReason.SourceFailed), (result.Sent, result.Unsent, result.Reason));
        Assert.Same(failure, result.Error);
        Assert.True(after!.IsCompletedSuccessfully);
        Assert.Equal(["0", "1", "2", "still open"], Texts(_peer));
    }

    [Fact]
    public void SendAllAsync_Cancelled_StopsTakingMessages_AndReportsWhatWasSent()
    {
        var ws = Connect();
        using var cts = new CancellationTokenSource();
        var source = new PacedSource(_scheduler, () => Texts(_peer).Length);
        Task<SendAllResult>? sending = null;
        At(1, () => sending = ws.SendAllAsync(source.Messages(10, startMs: 10, everyMs: 10), cts.Token));
        At(35, cts.Cancel);

        RunTo(200);

        var result = Settled(sending!);
        Assert.Equal((3L, 0L, SendAllStopReason.Canceled), (result.Sent, result.Unsent, result.Reason));
        Assert.IsAssignableFrom<OperationCanceledException>(result.Error);
        Assert.Equal(["0", "1", "2"], Texts(_peer));
        Assert.Equal(3, source.Taken);
    }

    [Fact]
    public void SendAllAsync_CancelledWhileTheBufferIsFull_ReturnsOnceWhatWasTakenIsWritten()
    {
        var ws = Connect(sendBufferCapacity: 2);
        using var cts = new CancellationTokenSource();
        var source = new PacedSource(_scheduler, () => Texts(_peer).Length);
        Task<SendAllResult>? sending = null;
        At(1, () => _peer.Perform(PeerAction.StopReading()));
        At(2, () => sending = ws.SendAllAsync(source.Messages(10), cts.Token));
        At(10, cts.Cancel);

        RunTo(20);
        Assert.False(sending!.IsCompleted);

        At(30, () => _peer.Perform(PeerAction.ResumeReading()));
        RunTo(40);

        var result = Settled(sending);
        Assert.Equal((2L, 0L, SendAllStopReason.Canceled), (result.Sent, result.Unsent, result.Reason));
        Assert.Equal(["0", "1"], Texts(_peer));
    }

    [Fact]
    public void SendAllAsync_NullSource_Throws()
    {
        var ws = Connect();
        Assert.Throws<ArgumentNullException>("messages", () => { _ = ws.SendAllAsync(null!); });
        var session = ReconnectingConnection.Create(_ => ws);
        Assert.Throws<ArgumentNullException>("messages", () => { _ = session.SendAllAsync(null!); });
    }

    [Fact]
    public void SessionSendAllAsync_StartedDuringAnOutage_PausesTheSourceAtTheBufferSize_AndSendsAllOnTheNextConnection()
    {
        var h = new VirtualSessionHarness(VirtualSessionHarness.HalfJitterPolicy(), sendBufferCapacity: 4);
        var session = h.CreateSession();
        var source = new PacedSource(h.Scheduler, () => h.Peers.Sum(p => Texts(p).Length));
        Task<SendAllResult>? sending = null;
        h.At(0, session.Start);
        h.PeerAt(100, PeerAction.Drop());
        h.At(120, () => sending = session.SendAllAsync(source.Messages(10)));

        h.RunTo(140);
        Assert.Equal(4, source.Taken);

        h.RunTo(300);

        Assert.Equal(10, Texts(h.Peers[1]).Length);
        Assert.Equal(4, source.MostAhead);
        var result = Settled(sending!);
        Assert.Equal((10L, 0L, SendAllStopReason.Completed), (result.Sent, result.Unsent, result.Reason));
    }

    [Fact]
    public void SessionSendAllAsync_AConnectionDiesHoldingMessages_StopsAndReportsThemPossiblyLost()
    {
        var h = new VirtualSessionHarness(VirtualSessionHarness.HalfJitterPolicy(), sendBufferCapacity: 4);
        var session = h.CreateSession();
        var source = new PacedSource(h.Scheduler, () => h.Peers.Sum(p => Texts(p).Length));
        Task<SendAllResult>? sending = null;
        h.At(0, session.Start);
        h.PeerAt(5, PeerAction.StopReading());
        h.At(10, () => sending = session.SendAllAsync(source.Messages(10)));
        h.PeerAt(100, PeerAction.Drop());

        h.RunTo(300);

        var result = Settled(sending!);
        Assert.Equal((0L, 4L, SendAllStopReason.SendFailed), (result.Sent, result.Unsent, result.Reason));
        Assert.IsType<MessagePossiblyLostException>(result.Error);
        Assert.Equal(4, source.Taken);
        Assert.Empty(Texts(h.Peers[1]));
    }
}
