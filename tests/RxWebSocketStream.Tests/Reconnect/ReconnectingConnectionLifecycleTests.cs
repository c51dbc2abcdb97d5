using System.Net.WebSockets;
using System.Reactive.Linq;
using RxWebSocketStream.Testing;

namespace RxWebSocketStream.Tests.Reconnect;

/// <summary>States, Connections and messages across a reconnect: connection 0 dropped at 100, connection 1 open at 150.</summary>
public sealed class ReconnectingConnectionLifecycleTests
{
    private static (VirtualSessionHarness H, ReconnectingConnection Session) DroppedAt100()
    {
        var h = new VirtualSessionHarness(VirtualSessionHarness.HalfJitterPolicy());
        var session = h.CreateSession();
        h.PeerAt(10, PeerAction.Text("a"));
        h.PeerAt(100, PeerAction.Drop());
        h.PeerAt(200, PeerAction.Text("b"));
        return (h, session);
    }

    [Fact]
    public void Messages_FlowFromEveryConnectionInTurn()
    {
        var (h, session) = DroppedAt100();
        var messages = new TimedLog<Message>(h);
        h.At(0, () => session.Subscribe(messages));

        h.RunTo(1000);

        Assert.Equal([(10L, "a"), (200L, "b")], messages.Values.Select(v => (v.AtMs, v.Value.Text)));
        Assert.Null(messages.Error);
        Assert.Null(messages.CompletedAtMs);
    }

    [Fact]
    public void States_TellTheLifecycle_AndALateSubscriberReadsTheCurrentState()
    {
        var (h, session) = DroppedAt100();
        var states = new TimedLog<SessionState>(h);
        var late = new TimedLog<SessionState>(h);
        var waiting = new TimedLog<SessionState>(h);
        h.At(0, () => session.States.Subscribe(states));
        h.At(0, session.Start);
        h.At(120, () => session.States.Subscribe(waiting));
        h.At(300, () => session.States.Subscribe(late));

        h.RunTo(1000);

        Assert.Equal(
            [
                (0L, new SessionState.Connecting(0)),
                (0L, new SessionState.Open("", "")),
                (100L, new SessionState.Closed(1006, "The connection was lost without a close handshake.", WasClean: false, WillReconnect: true)),
                (100L, new SessionState.WaitingToReconnect(TimeSpan.FromMilliseconds(50), 1)),
                (150L, new SessionState.Connecting(1)),
                (150L, new SessionState.Open("", "")),
            ],
            states.Values.Select(v => (v.AtMs, v.Value)));
        Assert.Equal(new SessionState.WaitingToReconnect(TimeSpan.FromMilliseconds(50), 1), waiting.Values[0].Value);
        Assert.Equal([(300L, (SessionState)new SessionState.Open("", ""))], late.Values);
    }

    [Fact]
    public void Connections_EmitsEachOpenedConnectionOnce_AndReplaysOnlyTheOpenOne()
    {
        var (h, session) = DroppedAt100();
        var connections = new TimedLog<WebSocketConnection>(h);
        var duringWait = new TimedLog<WebSocketConnection>(h);
        var late = new TimedLog<WebSocketConnection>(h);
        h.At(0, () => session.Connections.Subscribe(connections));
        h.At(0, session.Start);
        h.At(120, () => session.Connections.Subscribe(duringWait));
        h.At(300, () => session.Connections.Subscribe(late));
        h.At(400, session.Dispose);

        h.RunTo(1000);

        Assert.Equal([0L, 150L], connections.Values.Select(v => v.AtMs));
        Assert.NotSame(connections.Values[0].Value, connections.Values[1].Value);
        Assert.Equal([150L], duringWait.Values.Select(v => v.AtMs));
        Assert.Same(connections.Values[1].Value, Assert.Single(late.Values).Value);
        Assert.Equal(400, connections.CompletedAtMs);
    }

    [Fact]
    public void ASubscriberThatThrows_EndsTheSessionWith1011_AndIsNotRetried()
    {
        var (h, session) = DroppedAt100();
        var messages = new TimedLog<Message>(h);
        var bug = new InvalidOperationException("subscriber bug");
        h.At(0, () => session.Subscribe(m => throw bug, messages.OnError, messages.OnCompleted));

        h.RunTo(1000);

        var (at, error) = messages.Error!.Value;
        Assert.Equal(10, at);
        var failure = Assert.IsType<WebSocketConnectionException>(error);
        Assert.Equal(1011, failure.CloseCode);
        Assert.Same(bug, failure.InnerException);
        Assert.Single(h.Attempts);
    }

    [Fact]
    public void Dispose_StatesEndWithTheFinalClosed_ThenComplete()
    {
        // The virtual peer answers our close frame at once.
        var (h, session) = DroppedAt100();
        var states = new TimedLog<SessionState>(h);
        var afterTheEnd = new TimedLog<SessionState>(h);
        h.At(0, () => session.States.Subscribe(states));
        h.At(0, session.Start);
        h.At(50, session.Dispose);
        h.At(500, () => session.States.Subscribe(afterTheEnd));

        h.RunTo(1000);

        Assert.Equal(
            [
                (0L, new SessionState.Connecting(0)),
                (0L, new SessionState.Open("", "")),
                (50L, new SessionState.Closing(CloseInitiator.Application)),
                (50L, new SessionState.Closed(1000, "", WasClean: true, WillReconnect: false)),
            ],
            states.Values.Select(v => (v.AtMs, v.Value)));
        Assert.Equal(50, states.CompletedAtMs);
        Assert.Equal([(500L, (SessionState)new SessionState.Closed(1000, "", WasClean: true, WillReconnect: false))], afterTheEnd.Values);
        Assert.Equal(500, afterTheEnd.CompletedAtMs);
    }

    [Fact]
    public void DisposeAsync_ReturnsAfterTheStatesEndedWithTheFinalClosed()
    {
        // The peer takes nothing after 50, so our close frame is not answered: the 10 s close timeout aborts at 10060.
        var h = new VirtualSessionHarness(VirtualSessionHarness.HalfJitterPolicy());
        var session = h.CreateSession();
        var states = new TimedLog<SessionState>(h);
        long? statesCompletedWhenDisposed = null;
        Task? disposed = null;
        h.At(0, () => session.States.Subscribe(states));
        h.At(0, session.Start);
        h.PeerAt(50, PeerAction.StopReading());
        h.At(60, () => disposed = session.DisposeAsync().AsTask().ContinueWith(
            _ => statesCompletedWhenDisposed = states.CompletedAtMs,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default));

        h.RunTo(20_000);

        Assert.True(disposed!.IsCompletedSuccessfully);
        Assert.Equal(10_060, statesCompletedWhenDisposed);
        var last = Assert.IsType<SessionState.Closed>(states.Values[^1].Value);
        Assert.Equal((10_060L, 1006, false), (states.Values[^1].AtMs, last.Code, last.WasClean));
        Assert.Equal(new SessionState.Closing(CloseInitiator.Application), states.Values[^2].Value);
    }

    [Fact]
    public void StatusBar_StaysOnReconnectingThroughAnOutage_AndSaysClosedOnlyAtTheEnd()
    {
        var (h, session) = DroppedAt100();
        var statuses = new TimedLog<string>(h);
        h.At(0, () => session.States.Select(StatusBar.Status).DistinctUntilChanged().Subscribe(statuses));
        h.At(0, session.Start);
        h.PeerAt(300, PeerAction.Close(WebSocketCloseStatus.NormalClosure, "done"));

        h.RunTo(1000);

        Assert.Equal(
            [(0L, "connecting"), (0L, "online"), (100L, "reconnecting"), (150L, "online"), (300L, "closing"), (300L, "closed (1000)")],
            statuses.Values);
    }

    [Fact]
    public void Docs_StatusBarSample_IsTheTestedOne()
    {
        var root = RepositoryRootFinder.Find();
        var source = File.ReadAllText(Path.Combine(root, "tests", "RxWebSocketStream.Tests", "Reconnect", "StatusBar.cs"));
        var start = source.IndexOf("// <status>", StringComparison.Ordinal);
        var end = source.IndexOf("// </status>", StringComparison.Ordinal);
        var lines = source[(source.IndexOf('\n', start) + 1)..source.LastIndexOf('\n', end)].Split('\n');
        var indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        var code = string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()))
            .Replace("public static string Status", "static string Status", StringComparison.Ordinal);

        var docs = File.ReadAllText(Path.Combine(root, "docs", "reconnect.md"));

        Assert.Contains(code, docs, StringComparison.Ordinal);
    }
}
