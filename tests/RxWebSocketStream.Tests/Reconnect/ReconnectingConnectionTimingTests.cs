using System.Net.WebSockets;
using RxWebSocketStream.Testing;

namespace RxWebSocketStream.Tests.Reconnect;

/// <summary>When a session reconnects, gives up and stops, in virtual time (waits 50, 100, 200, 400, 500 ms).</summary>
public sealed class ReconnectingConnectionTimingTests
{
    private static VirtualPeerOptions Refusing(int attempt) =>
        new() { HandshakeFailure = new WebSocketException(WebSocketError.Faulted, $"refused {attempt}") };

    [Fact]
    public void FailingAttempts_StartAtTheExactTimesOfTheBackOff()
    {
        var h = new VirtualSessionHarness(VirtualSessionHarness.HalfJitterPolicy(), Refusing);
        var session = h.CreateSession();
        var states = new TimedLog<SessionState>(h);
        h.At(0, () => session.States.Subscribe(states));
        h.At(0, session.Start);

        h.RunTo(2000);

        Assert.Equal([(0L, 0), (50L, 1), (150L, 2), (350L, 3), (750L, 4), (1250L, 5), (1750L, 6)], h.Attempts.Select(a => (a.AtMs, a.Attempt.Number)));
        Assert.Equal(
            [50, 100, 200, 400, 500, 500, 500],
            states.Items.OfType<SessionState.WaitingToReconnect>().Select(w => (int)w.Delay.TotalMilliseconds));
    }

    [Fact]
    public void AfterMaxAttempts_TheSessionGivesUpWithTheLastError()
    {
        var h = new VirtualSessionHarness(VirtualSessionHarness.HalfJitterPolicy(maxAttempts: 2), Refusing);
        var session = h.CreateSession();
        var messages = new TimedLog<Message>(h);
        h.At(0, () => session.Subscribe(messages));

        h.RunTo(10_000);

        Assert.Equal([0, 1, 2], h.Attempts.Select(a => a.Attempt.Number));
        var (at, error) = messages.Error!.Value;
        Assert.Equal(150, at);
        Assert.Equal("refused 2", Assert.IsType<WebSocketConnectionException>(error).InnerException?.Message);
    }

    [Fact]
    public void Closed_TellsWhetherAReconnectFollows_UntilTheAttemptsRunOut()
    {
        var h = new VirtualSessionHarness(VirtualSessionHarness.HalfJitterPolicy(maxAttempts: 2), Refusing);
        var session = h.CreateSession();
        var states = new TimedLog<SessionState>(h);
        h.At(0, () => session.States.Subscribe(states));
        h.At(0, session.Start);

        h.RunTo(10_000);

        Assert.Equal([true, true, false], states.Items.OfType<SessionState.Closed>().Select(c => c.WillReconnect));
        Assert.IsType<SessionState.Closed>(states.Values[^1].Value);
        Assert.Equal(150, states.CompletedAtMs);
    }

    [Fact]
    public void Observe_DisposedDuringTheBackOffWait_NeverAttemptsAgain()
    {
        var h = new VirtualSessionHarness(VirtualSessionHarness.HalfJitterPolicy(), Refusing);

        // Attempts at 0 and 50; disposed at 100, during the wait for attempt 2 (due at 150).
        var observer = h.Scheduler.Start(() => ReconnectingConnection.Observe(h.Connect, h.Options), created: 0, subscribed: 0, disposed: 100 * TimeSpan.TicksPerMillisecond);

        Assert.Equal([0, 1], h.Attempts.Select(a => a.Attempt.Number));
        Assert.Empty(observer.Messages);

        // Start ran until no work was left: the pending wait was cancelled, not left to fire into nothing.
        Assert.Equal(100, VirtualSessionHarness.Ms(h.Scheduler.Clock));
    }

    [Fact]
    public void DisposedDuringAHandshake_CancelsTheAttemptAndNeverReconnects()
    {
        var h = new VirtualSessionHarness(VirtualSessionHarness.HalfJitterPolicy(), _ => new() { HandshakeDelay = TimeSpan.FromSeconds(1) });
        var session = h.CreateSession();
        var messages = new TimedLog<Message>(h);
        var states = new TimedLog<SessionState>(h);
        h.At(0, () => session.States.Subscribe(states));
        h.At(0, () => session.Subscribe(messages));
        h.At(100, session.Dispose);

        h.RunTo(10_000);

        var only = Assert.Single(h.Attempts);
        Assert.True(only.Attempt.Cancellation.IsCancellationRequested);
        Assert.Equal(100, messages.CompletedAtMs);
        // Never Open: the handshake due at 1000 was aborted; the states end with how that attempt ended.
        Assert.Equal(
            [
                new SessionState.Connecting(0),
                new SessionState.Closing(CloseInitiator.Application),
                new SessionState.Closed(null, "The opening handshake was cancelled.", WasClean: false, WillReconnect: false),
            ],
            states.Items);
        Assert.Equal(100, states.CompletedAtMs);
    }

    [Fact]
    public void ExplicitClose_ClosesCleanlyAndNeverReconnects()
    {
        var h = new VirtualSessionHarness(VirtualSessionHarness.HalfJitterPolicy());
        var session = h.CreateSession();
        var messages = new TimedLog<Message>(h);
        var states = new TimedLog<SessionState>(h);
        h.At(0, () => session.States.Subscribe(states));
        h.At(0, () => session.Subscribe(messages));
        h.At(100, () => session.Close(new WebSocketCloseInfo(1000, "done")));
        var afterTheEnd = new TimedLog<SessionState>(h);
        h.At(500, () => session.States.Subscribe(afterTheEnd));

        h.RunTo(10_000);

        Assert.Equal([(500L, (SessionState)new SessionState.Closed(1000, "done", WasClean: true, WillReconnect: false))], afterTheEnd.Values);
        Assert.Equal(500, afterTheEnd.CompletedAtMs);

        Assert.Single(h.Attempts);
        Assert.Equal(100, messages.CompletedAtMs);
        Assert.Null(messages.Error);
        Assert.Equal(
            [new SessionState.Connecting(0), new SessionState.Open("", ""), new SessionState.Closing(CloseInitiator.Application), new SessionState.Closed(1000, "done", WasClean: true, WillReconnect: false)],
            states.Items);
    }

    [Fact]
    public void PeerCloseWithAFinalCode_CompletesTheMessages_TellsTheCodeInTheFinalClosed_AndNeverReconnects()
    {
        var h = new VirtualSessionHarness(VirtualSessionHarness.HalfJitterPolicy());
        var session = h.CreateSession();
        var messages = new TimedLog<Message>(h);
        var states = new TimedLog<SessionState>(h);
        h.At(0, () => session.States.Subscribe(states));
        h.At(0, () => session.Subscribe(messages));
        h.PeerAt(100, PeerAction.Close((WebSocketCloseStatus)4001, "banned"));

        h.RunTo(10_000);

        // A clean close ends the messages as it does on a single connection: OnCompleted, not OnError.
        Assert.Single(h.Attempts);
        Assert.Null(messages.Error);
        Assert.Equal(100, messages.CompletedAtMs);
        Assert.Equal(
            [new SessionState.Closing(CloseInitiator.Peer), new SessionState.Closed(4001, "banned", WasClean: true, WillReconnect: false)],
            states.Items.Skip(2));
        Assert.Equal(100, states.CompletedAtMs);
    }

    [Fact]
    public void PeerCloseWith1000_CompletesTheMessages_AndNeverReconnects()
    {
        var h = new VirtualSessionHarness(VirtualSessionHarness.HalfJitterPolicy());
        var session = h.CreateSession();
        var messages = new TimedLog<Message>(h);
        h.At(0, () => session.Subscribe(messages));
        h.PeerAt(100, PeerAction.Close(WebSocketCloseStatus.NormalClosure, "done"));

        h.RunTo(10_000);

        Assert.Single(h.Attempts);
        Assert.Null(messages.Error);
        Assert.Equal(100, messages.CompletedAtMs);
    }

    [Fact]
    public void ExplicitCloseDuringAHandshake_AbortsItAndNeverReconnects()
    {
        var h = new VirtualSessionHarness(VirtualSessionHarness.HalfJitterPolicy(), _ => new() { HandshakeDelay = TimeSpan.FromSeconds(1) });
        var session = h.CreateSession();
        var messages = new TimedLog<Message>(h);
        var states = new TimedLog<SessionState>(h);
        h.At(0, () => session.States.Subscribe(states));
        h.At(0, () => session.Subscribe(messages));
        h.At(100, () => session.Close());

        h.RunTo(10_000);

        Assert.Single(h.Attempts);
        Assert.Equal(100, messages.CompletedAtMs);
        Assert.DoesNotContain(states.Items, s => s is SessionState.Open);
        Assert.Equal(new SessionState.Closing(CloseInitiator.Application), states.Items.ElementAt(1));
    }

    [Fact]
    public void DisposeAsync_StopsAtOnce_ThenWaitsForTheLastConnectionToEnd()
    {
        // The peer takes nothing after 50, so our close frame is not answered until the 10 s close timeout aborts.
        var h = new VirtualSessionHarness(VirtualSessionHarness.HalfJitterPolicy());
        var session = h.CreateSession();
        var messages = new TimedLog<Message>(h);
        Task? disposed = null;
        h.At(0, () => session.Subscribe(messages));
        h.PeerAt(50, PeerAction.StopReading());
        h.At(100, () => disposed = session.DisposeAsync().AsTask());
        h.At(5_000, () => Assert.False(disposed!.IsCompleted));

        h.RunTo(20_000);

        Assert.Equal(100, messages.CompletedAtMs);
        Assert.True(disposed!.IsCompletedSuccessfully);
        Assert.Single(h.Attempts);
    }
}
