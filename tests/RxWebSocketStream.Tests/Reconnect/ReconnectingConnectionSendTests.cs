using System.Net.WebSockets;
using RxWebSocketStream.Testing;

namespace RxWebSocketStream.Tests.Reconnect;

/// <summary>
/// The send policies across a reconnect. Connection 0 opens at 0 and the peer drops it at 100; connection 1 opens at
/// 150 (the 50 ms back-off).
/// </summary>
public sealed class ReconnectingConnectionSendTests
{
    private static (VirtualSessionHarness H, ReconnectingConnection Session) DroppedAt100(int sendBufferCapacity = 16)
    {
        var h = new VirtualSessionHarness(VirtualSessionHarness.HalfJitterPolicy(), sendBufferCapacity: sendBufferCapacity);
        var session = h.CreateSession();
        h.At(0, session.Start);
        h.PeerAt(100, PeerAction.Drop());
        return (h, session);
    }

    private static string[] TextsReceived(VirtualPeer peer) => [.. peer.ReceivedActions.Where(a => a.Text is not null).Select(a => a.Text!)];

    [Fact]
    public void QueueWhileDisconnected_SendsQueuedMessagesInOrderOnTheNextConnection_BeforeLaterOnes()
    {
        var (h, session) = DroppedAt100();
        var sends = new List<Task>();
        h.At(120, () => sends.Add(session.SendAsync(Message.FromText("q1"))));
        h.At(130, () => sends.Add(session.SendAsync(Message.FromText("q2"))));
        h.At(200, () => sends.Add(session.SendAsync(Message.FromText("live"))));
        h.At(140, () => Assert.All(sends, s => Assert.False(s.IsCompleted)));

        h.RunTo(300);

        Assert.Equal(2, h.Peers.Count);
        Assert.Empty(TextsReceived(h.Peers[0]));
        Assert.Equal(["q1", "q2", "live"], TextsReceived(h.Peers[1]));
        Assert.All(sends, s => Assert.True(s.IsCompletedSuccessfully));
        Assert.Equal(150, VirtualSessionHarness.Ms(h.Peers[1].ReceivedMessages[0].Time));
    }

    [Fact]
    public void FailWhileDisconnected_FailsAtOnce_AndTheMessageIsNeverSent()
    {
        var (h, session) = DroppedAt100();
        Task? send = null;
        h.At(120, () =>
        {
            send = session.SendAsync(Message.FromText("now or never"), QueuedMessagePolicy.FailWhileDisconnected);
            Assert.True(send.IsFaulted);
        });

        h.RunTo(300);

        Assert.IsType<InvalidOperationException>(send!.Exception!.InnerException);
        Assert.Equal(2, h.Peers.Count);
        Assert.Empty(h.Peers.SelectMany(TextsReceived));
    }

    [Fact]
    public void FailWhileDisconnected_WhileOpen_IsSentLikeAnyOther()
    {
        var (h, session) = DroppedAt100();
        Task? send = null;
        h.At(50, () => send = session.SendAsync(Message.FromText("open"), QueuedMessagePolicy.FailWhileDisconnected));

        h.RunTo(300);

        Assert.True(send!.IsCompletedSuccessfully);
        Assert.Equal(["open"], TextsReceived(h.Peers[0]));
    }

    [Fact]
    public void ASendHandedToASocketThatDies_IsReportedPossiblyLost_AndNeverResent()
    {
        var (h, session) = DroppedAt100();
        Task? send = null;

        // The peer stops reading, so the message is handed to the socket but not taken when the peer drops at 100.
        h.PeerAt(10, PeerAction.StopReading());
        h.At(50, () => send = session.SendAsync(Message.FromText("in flight")));

        h.RunTo(400);

        var lost = Assert.IsType<MessagePossiblyLostException>(send!.Exception!.InnerException);
        Assert.Equal("in flight", lost.LostMessage.Text);
        Assert.Equal(2, h.Peers.Count);
        Assert.Empty(h.Peers.SelectMany(TextsReceived));
    }

    [Fact]
    public void AFullQueue_FailsTheNextSendAtOnce()
    {
        var (h, session) = DroppedAt100(sendBufferCapacity: 2);
        var sends = new List<Task>();
        h.At(120, () =>
        {
            sends.Add(session.SendAsync(Message.FromText("1")));
            sends.Add(session.SendAsync(Message.FromText("2")));
            sends.Add(session.SendAsync(Message.FromText("3")));
            Assert.IsType<InvalidOperationException>(sends[2].Exception?.InnerException);
        });

        h.RunTo(300);

        Assert.Equal(["1", "2"], TextsReceived(h.Peers[1]));
    }

    [Fact]
    public void ClosingWhileMessagesAreQueued_FailsThemAsNotSent()
    {
        var (h, session) = DroppedAt100();
        Task? send = null;
        h.At(120, () => send = session.SendAsync(Message.FromText("too late")));
        h.At(130, () => session.Close());

        h.RunTo(1000);

        Assert.IsType<InvalidOperationException>(send!.Exception!.InnerException);
        Assert.Single(h.Peers);
    }

    [Fact]
    public void ASendRefusedByAClosingConnection_IsReportedNotSent_NotPossiblyLost()
    {
        var h = new VirtualSessionHarness(VirtualSessionHarness.HalfJitterPolicy());
        var session = h.CreateSession();
        Task? send = null;
        h.At(0, session.Start);

        // The peer's close frame arrives, but the peer takes nothing more: our answer hangs and the connection stays
        // closing (until its 10 s close timeout), while the session still holds it as the open one.
        h.PeerAt(50, PeerAction.StopReading());
        h.PeerAt(100, PeerAction.Close(WebSocketCloseStatus.EndpointUnavailable));
        h.At(110, () => send = session.SendAsync(Message.FromText("late")));

        h.RunTo(300);

        Assert.IsType<InvalidOperationException>(send!.Exception!.InnerException);
        Assert.Empty(TextsReceived(h.Peers[0]));
    }
}
