using System.Net.WebSockets;
using RxWebSocketStream.Testing;

namespace RxWebSocketStream.Tests.Reconnect;

/// <summary>
/// <see cref="ReconnectingConnection.ReadAllAsync"/> in virtual time: one pull loop across reconnects, missing nothing and
/// ending as the session's messages do (docs/pipelines.md, "Reading a session"). The consumer starts inside the
/// scheduler, so its continuations run on the scheduler's thread, in order.
/// </summary>
public sealed class ReconnectingConnectionReadAllTests
{
    private static (VirtualSessionHarness H, ReconnectingConnection Session) NewSession(int? maxAttempts = null)
    {
        var h = new VirtualSessionHarness(VirtualSessionHarness.HalfJitterPolicy(maxAttempts));
        return (h, h.CreateSession());
    }

    [Fact]
    public void ReadAllAsync_AcrossADrop_YieldsEveryMessageOfEachConnectionInOrder_AndCompletesAfterClose()
    {
        var (h, session) = NewSession();
        var consumer = new Consumer();
        h.At(0, () => consumer.Run(session.ReadAllAsync()));
        h.PeerAt(10, PeerAction.Text("a"));
        h.PeerAt(20, PeerAction.Text("b"));
        h.PeerAt(100, PeerAction.Drop());

        // Connection 1 opens at 150 and its peer talks at once (at 150 the script still addresses peer 0, which is gone).
        h.PeerAt(151, PeerAction.Text("c"));
        h.PeerAt(160, PeerAction.Text("d"));
        h.At(200, () => session.Close());

        h.RunTo(1000);

        Assert.Equal(2, h.Peers.Count);
        Assert.Equal(["a", "b", "c", "d"], consumer.Texts);
        Assert.True(consumer.Task.IsCompletedSuccessfully);
    }

    [Fact]
    public void ReadAllAsync_WhenTheSessionGivesUpAfterAFailure_ThrowsThatFailure_AfterTheMessagesBeforeIt()
    {
        // One reconnect attempt allowed; its handshake fails, so the session ends with that failure.
        var h = new VirtualSessionHarness(
            VirtualSessionHarness.HalfJitterPolicy(maxAttempts: 1),
            attempt => attempt == 0 ? null : new VirtualPeerOptions { HandshakeFailure = new WebSocketException(WebSocketError.Faulted, "refused") });
        var session = h.CreateSession();
        var consumer = new Consumer();
        var messagesError = (Exception?)null;
        h.At(0, () =>
        {
            session.Subscribe(_ => { }, e => messagesError = e);
            consumer.Run(session.ReadAllAsync());
        });
        h.PeerAt(10, PeerAction.Text("a"));
        h.PeerAt(100, PeerAction.Drop());

        h.RunTo(1000);

        Assert.Equal(["a"], consumer.Texts);
        Assert.True(consumer.Task.IsFaulted);
        Assert.NotNull(messagesError);
        Assert.Same(messagesError, consumer.Task.Exception!.InnerException);
    }

    [Fact]
    public async Task ReadAllAsync_ASlowConsumer_HoldsTheSessionBack_NothingIsReadUntilItAsks()
    {
        var (h, session) = NewSession();
        var pushed = new List<string>();
        IAsyncEnumerator<Message>? reader = null;
        Task<bool> first = Task.FromResult(false);
        h.At(0, () =>
        {
            session.Subscribe(m => pushed.Add(m.Text));
            reader = session.ReadAllAsync().GetAsyncEnumerator();
            first = reader.MoveNextAsync().AsTask();
        });
        h.PeerAt(10, PeerAction.Text("a"));
        h.PeerAt(11, PeerAction.Text("b"));
        h.PeerAt(12, PeerAction.Text("c"));

        h.RunTo(50);

        // The reader asked once and holds "a"; the connection reads nothing more for anyone until it asks again.
        Assert.True(first.IsCompletedSuccessfully);
        Assert.True(await first);
        Assert.Equal("a", reader!.Current.Text);
        Assert.Equal(["a"], pushed);

        Task<bool> second = Task.FromResult(false);
        h.At(60, () => second = reader.MoveNextAsync().AsTask());
        h.RunTo(70);

        Assert.True(second.IsCompletedSuccessfully);
        Assert.True(await second);
        Assert.Equal("b", reader.Current.Text);
        Assert.Equal(["a", "b"], pushed);
    }

    [Fact]
    public void ReadAllAsync_Cancelled_ThrowsOperationCanceled_AndTheSessionAndItsSubscribersGoOn()
    {
        var (h, session) = NewSession();
        using var cts = new CancellationTokenSource();
        var consumer = new Consumer();
        var pushed = new List<string>();
        h.At(0, () =>
        {
            session.Subscribe(m => pushed.Add(m.Text));
            consumer.Run(session.ReadAllAsync(cts.Token));
        });
        h.PeerAt(10, PeerAction.Text("a"));
        h.At(20, cts.Cancel);
        h.PeerAt(30, PeerAction.Text("b"));

        h.RunTo(100);

        Assert.True(consumer.Task.IsCanceled);
        Assert.Equal(["a"], consumer.Texts);
        Assert.Equal(["a", "b"], pushed);
        Assert.Single(h.Peers);
        Assert.DoesNotContain(h.Peers[0].ReceivedActions, a => a.Kind is SocketActionKind.Close or SocketActionKind.CloseOutput);
    }

    [Fact]
    public void ReadAllAsync_CancelledDuringTheBackOffWait_ThrowsOperationCanceled_AndTheNextConnectionIsNotHeldBack()
    {
        var (h, session) = NewSession();
        using var cts = new CancellationTokenSource();
        var consumer = new Consumer();
        var pushed = new List<string>();
        h.At(0, () =>
        {
            session.Subscribe(m => pushed.Add(m.Text));
            consumer.Run(session.ReadAllAsync(cts.Token));
        });
        h.PeerAt(100, PeerAction.Drop());
        h.At(120, cts.Cancel);
        h.PeerAt(160, PeerAction.Text("c"));
        h.PeerAt(161, PeerAction.Text("d"));

        h.RunTo(300);

        Assert.True(consumer.Task.IsCanceled);
        Assert.Equal(["c", "d"], pushed);
    }

    [Fact]
    public void ReadAllAsync_AfterTheSessionEnded_CompletesAtOnce()
    {
        var (h, session) = NewSession();
        var consumer = new Consumer();
        h.At(0, session.Start);
        h.At(10, () => session.Close());
        h.At(500, () => consumer.Run(session.ReadAllAsync()));

        h.RunTo(600);

        Assert.True(consumer.Task.IsCompletedSuccessfully);
        Assert.Empty(consumer.Texts);
    }

    [Fact]
    public void ReadAllAsync_StartsTheSession()
    {
        var (h, session) = NewSession();
        var consumer = new Consumer();
        h.At(10, () => consumer.Run(session.ReadAllAsync()));
        h.PeerAt(20, PeerAction.Text("first"));

        h.RunTo(50);

        Assert.Equal(10, h.Attempts.Single().AtMs);
        Assert.Equal(["first"], consumer.Texts);
    }

    /// <summary>Runs a pull loop and records what it read; started inside the scheduler, it runs on the scheduler's thread.</summary>
    private sealed class Consumer
    {
        public List<string> Texts { get; } = [];

        public Task Task { get; private set; } = Task.CompletedTask;

        public void Run(IAsyncEnumerable<Message> messages) => Task = ReadAsync(messages);

        private async Task ReadAsync(IAsyncEnumerable<Message> messages)
        {
            await foreach (var message in messages)
            {
                Texts.Add(message.Text);
            }
        }
    }
}
