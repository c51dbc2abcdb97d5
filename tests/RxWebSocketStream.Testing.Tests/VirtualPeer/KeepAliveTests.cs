using System.Net.WebSockets;
using System.Reactive;

namespace RxWebSocketStream.Testing.Tests.VirtualPeer;

/// <summary>The virtual socket's keep-alive: pings in virtual time, and an abort shaped like the BCL's when no pong comes.</summary>
public sealed class KeepAliveTests
{
    private const long Ms = TimeSpan.TicksPerMillisecond;

    private readonly TestScheduler _scheduler = new(TestSchedulerMode.Marble);

    [Fact]
    public void Off_ByDefault_NoPings()
    {
        var peer = new Testing.VirtualPeer(_scheduler);

        _scheduler.AdvanceTo(10_000 * Ms);

        Assert.Empty(peer.ReceivedActions);
        Assert.Equal(WebSocketState.Open, peer.Socket.State);
    }

    [Fact]
    public void NoPong_PendingReceiveFailsAsTheBclReportsIt_AtIntervalPlusTimeout()
    {
        var peer = new Testing.VirtualPeer(_scheduler, new() { KeepAliveInterval = TimeSpan.FromMilliseconds(10), KeepAliveTimeout = TimeSpan.FromMilliseconds(5), AnswersPings = false });
        var receive = peer.Socket.ReceiveAsync(new byte[16], CancellationToken.None);

        _scheduler.AdvanceTo(14 * Ms);
        Assert.False(receive.IsCompleted);
        _scheduler.AdvanceTo(15 * Ms);

        var canceled = Completed.Error<OperationCanceledException>(receive);
        var inner = Assert.IsType<AggregateException>(canceled.InnerException);
        var fault = Assert.IsType<WebSocketException>(Assert.Single(inner.InnerExceptions));
        Assert.Equal(WebSocketError.Faulted, fault.WebSocketErrorCode);
        Assert.Equal(WebSocketState.Aborted, peer.Socket.State);
        Assert.Equal([new(10 * Ms, SocketAction.Ping), new(15 * Ms, SocketAction.Abort)], Timed(peer));
    }

    [Fact]
    public void PeerResumesAnsweringBeforeTheNextPing_StaysOpen()
    {
        var peer = new Testing.VirtualPeer(_scheduler, new() { KeepAliveInterval = TimeSpan.FromMilliseconds(10), KeepAliveTimeout = TimeSpan.FromMilliseconds(5) });
        peer.Script(
            new Recorded<PeerAction>(12 * Ms, PeerAction.StopAnsweringPings()),
            new Recorded<PeerAction>(18 * Ms, PeerAction.ResumeAnsweringPings()));
        _ = peer.Socket.ReceiveAsync(new byte[16], CancellationToken.None);

        _scheduler.AdvanceTo(40 * Ms);

        Assert.Equal(WebSocketState.Open, peer.Socket.State);
        Assert.Equal([10 * Ms, 20 * Ms, 30 * Ms, 40 * Ms], Timed(peer).Select(r => r.Time));
    }

    [Fact]
    public void PeerThatStopsReading_DoesNotSeeThePing_AndIsAborted()
    {
        var peer = new Testing.VirtualPeer(_scheduler, new() { KeepAliveInterval = TimeSpan.FromMilliseconds(10), KeepAliveTimeout = TimeSpan.FromMilliseconds(5) });
        peer.Script(new Recorded<PeerAction>(12 * Ms, PeerAction.StopReading()));
        _ = peer.Socket.ReceiveAsync(new byte[16], CancellationToken.None);

        _scheduler.AdvanceTo(30 * Ms);

        Assert.Equal(WebSocketState.Aborted, peer.Socket.State);
        Assert.Equal([new(10 * Ms, SocketAction.Ping), new(20 * Ms, SocketAction.Ping), new(25 * Ms, SocketAction.Abort)], Timed(peer));
    }

    [Fact]
    public void PeerAnswers_ButNothingIsReceivingOnOurSide_ThePongIsNotSeen_AndTheSocketAborts()
    {
        // As in the BCL, a PONG is processed only inside a receive: a socket nobody reads takes a live peer for dead.
        var peer = new Testing.VirtualPeer(_scheduler, new() { KeepAliveInterval = TimeSpan.FromMilliseconds(10), KeepAliveTimeout = TimeSpan.FromMilliseconds(5) });

        _scheduler.AdvanceTo(20 * Ms);

        Assert.Equal(WebSocketState.Aborted, peer.Socket.State);
        Assert.Equal([new(10 * Ms, SocketAction.Ping), new(15 * Ms, SocketAction.Abort)], Timed(peer));
    }

    [Fact]
    public void PeerAnswers_AndAnEmptyReadIsPending_ThePongIsSeen()
    {
        var peer = new Testing.VirtualPeer(_scheduler, new() { KeepAliveInterval = TimeSpan.FromMilliseconds(10), KeepAliveTimeout = TimeSpan.FromMilliseconds(5) });
        _ = peer.Socket.ReceiveAsync(Memory<byte>.Empty, CancellationToken.None);

        _scheduler.AdvanceTo(40 * Ms);

        Assert.Equal(WebSocketState.Open, peer.Socket.State);
        Assert.Equal([10 * Ms, 20 * Ms, 30 * Ms, 40 * Ms], Timed(peer).Select(r => r.Time));
    }

    [Fact]
    public void DelayedHandshake_FirstPingOneIntervalAfterOpen()
    {
        var peer = new Testing.VirtualPeer(_scheduler, new() { HandshakeDelay = TimeSpan.FromMilliseconds(7), KeepAliveInterval = TimeSpan.FromMilliseconds(10) });
        _ = peer.ConnectAsync(new Uri("ws://virtual/"), null, CancellationToken.None);

        _scheduler.AdvanceTo(30 * Ms);

        Assert.Equal([17 * Ms, 27 * Ms], Timed(peer).Select(r => r.Time));
    }

    private static Recorded<SocketAction>[] Timed(Testing.VirtualPeer peer) =>
        peer.ReceivedMessages.Where(m => m.Value.Kind == NotificationKind.OnNext).Select(m => new Recorded<SocketAction>(m.Time, m.Value.Value)).ToArray();
}
