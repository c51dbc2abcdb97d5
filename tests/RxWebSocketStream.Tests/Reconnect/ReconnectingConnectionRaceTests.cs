using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using RxWebSocketStream.Tests.Server;

namespace RxWebSocketStream.Tests.Reconnect;

/// <summary>
/// Real threads: a connection's receive loop delivers messages while another thread disposes the session.
/// The session's subscribers must still see the Rx grammar: one call at a time, nothing after the end.
/// </summary>
public sealed class ReconnectingConnectionRaceTests(TestServer server) : IClassFixture<TestServer>
{
    [Fact]
    public async Task DisposeWhileMessagesFlow_SubscribersNeverSeeOverlappingCallsOrMessagesAfterTheEnd()
    {
        const int Rounds = 40;
        var lastStates = new List<Task<SessionState>>();
        for (var round = 0; round < Rounds; round++)
        {
            var url = server.Url("flood?count=100000&size=16", Guid.NewGuid().ToString("N"));
            var session = ReconnectingConnection.Create(_ => WebSocketConnection.Connect(url));
            var observer = new GrammarObserver();
            var lastState = session.States.LastAsync().ToTask();
            using var subscription = session.Subscribe(observer);

            await observer.FirstMessage.Within();
            await Task.Run(session.Dispose).Within();
            await observer.Ended.Within();

            Assert.True(observer.Violations.IsEmpty, $"round {round}: {string.Join("; ", observer.Violations)}");
            lastStates.Add(lastState);
        }

        // Whichever thread told it, each session's states end with how its connection ended (awaited together: each
        // close handshake waits behind the flood already in flight).
        Assert.All(await Task.WhenAll(lastStates).Within(), static last => Assert.IsType<SessionState.Closed>(last));
    }

    /// <summary>Records every breach of the observer grammar it can see, instead of throwing into the library.</summary>
    private sealed class GrammarObserver : IObserver<Message>
    {
        private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _inside;
        private int _terminated;

        public System.Collections.Concurrent.ConcurrentQueue<string> Violations { get; } = new();

        public Task FirstMessage => _first.Task;

        public Task Ended => _ended.Task;

        public void OnNext(Message value)
        {
            Enter("OnNext");
            _first.TrySetResult();

            // Give a racing end a window to overlap this call, without sleeping: a few microseconds of work.
            Thread.SpinWait(200);
            Exit();
        }

        public void OnError(Exception error) => Terminate("OnError");

        public void OnCompleted() => Terminate("OnCompleted");

        private void Terminate(string call)
        {
            Enter(call);
            if (Interlocked.Exchange(ref _terminated, 1) != 0)
            {
                Violations.Enqueue($"a second terminal call ({call})");
            }

            Exit();
            _ended.TrySetResult();
        }

        private void Enter(string call)
        {
            if (Volatile.Read(ref _terminated) != 0)
            {
                Violations.Enqueue($"{call} after the end");
            }

            if (Interlocked.Increment(ref _inside) != 1)
            {
                Violations.Enqueue($"{call} while another call was running");
            }
        }

        private void Exit() => Interlocked.Decrement(ref _inside);
    }
}
