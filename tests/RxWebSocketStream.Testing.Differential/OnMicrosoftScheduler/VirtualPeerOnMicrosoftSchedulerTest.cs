using System.Net.WebSockets;
using System.Reactive;
using System.Reactive.Concurrency;
using System.Text;
using RxWebSocketStream.Testing.Tests.VirtualPeer;
using Ms = Microsoft.Reactive.Testing;

namespace RxWebSocketStream.Testing.Differential.OnMicrosoftScheduler;

/// <summary>
/// The virtual WebSocket peer on Microsoft.Reactive.Testing's TestScheduler records exactly what it records on this
/// kit's compatible-mode scheduler (both run work due now one tick later), and stays deterministic under a
/// <see cref="SynchronizationContext"/> like xunit's, because the peer clears it around its own steps.
/// </summary>
public sealed class VirtualPeerOnMicrosoftSchedulerTest
{
    private const long Ms1 = TimeSpan.TicksPerMillisecond;

    [Fact]
    public void EchoExchange_RecordsTheSameOnMicrosoftsSchedulerAsOnOurs()
    {
        Assert.Equal(Echo(new TestScheduler()), Echo(new Ms.TestScheduler()));
    }

    [Fact]
    public void EchoExchange_OnMicrosoftsScheduler_EchoesInlineAtEachStepsTime()
    {
        var recording = Echo(new Ms.TestScheduler());

        Assert.Equal(
            [
                $"OnNext(Text(\"ping\"))@{10 * Ms1}",
                $"OnNext(Binary[0102])@{20 * Ms1}",
                $"OnNext(CloseOutput(4000, \"bye\"))@{30 * Ms1}",
                $"OnCompleted()@{30 * Ms1}",
            ],
            recording);
    }

    [Fact]
    public void Handshake_KeepAliveAndAnsweredClose_WorkOnMicrosoftsScheduler()
    {
        var scheduler = new Ms.TestScheduler();
        var peer = new VirtualPeer(scheduler, new VirtualPeerOptions
        {
            HandshakeDelay = TimeSpan.FromMilliseconds(5),
            KeepAliveInterval = TimeSpan.FromMilliseconds(10),
        });

        var opening = peer.ConnectAsync(new Uri("ws://virtual.test/"), [], CancellationToken.None);
        scheduler.AdvanceTo(5 * Ms1);
        Assert.True(opening.IsCompletedSuccessfully);
        scheduler.AdvanceTo(16 * Ms1);
        var closing = WithXunitLikeContext(() => peer.Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None));
        WithXunitLikeContext(scheduler.Start);

        Assert.True(closing.IsCompletedSuccessfully);
        Assert.Equal([SocketAction.Ping, SocketAction.Close(WebSocketCloseStatus.NormalClosure, "done")], peer.ReceivedActions);
        Assert.Equal(WebSocketState.Closed, peer.Socket.State);
    }

    /// <summary>A scripted echo over the peer on <paramref name="scheduler"/>, run under a context like xunit's; the rendered recording.</summary>
    private static string[] Echo(VirtualTimeScheduler<long, long> scheduler)
    {
        var peer = new VirtualPeer(scheduler);
        peer.Script(
            new Recorded<PeerAction>(10 * Ms1, PeerAction.Text("ping")),
            new Recorded<PeerAction>(20 * Ms1, PeerAction.Binary([1, 2])),
            new Recorded<PeerAction>(30 * Ms1, PeerAction.Close((WebSocketCloseStatus)4000, "bye")));
        var echo = EchoCode.EchoAsync(peer.Socket);

        WithXunitLikeContext(scheduler.Start);

        // Complete already: every continuation ran inline inside the peer's steps, none went to the thread pool.
        Assert.True(echo.IsCompletedSuccessfully);
        return [.. peer.ReceivedMessages.Select(m => $"{m.Value}@{m.Time}")];
    }

    private static T WithXunitLikeContext<T>(Func<T> run)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(new NotTheDefaultContext());
        try
        {
            return run();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private static void WithXunitLikeContext(Action run) => WithXunitLikeContext(() =>
    {
        run();
        return true;
    });

    /// <summary>Any context other than the base class keeps the runtime from running continuations inline.</summary>
    private sealed class NotTheDefaultContext : SynchronizationContext;
}
