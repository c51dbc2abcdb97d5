using System.Reactive.Linq;

namespace RxWebSocketStream.Tests.Reconnect;

/// <summary>A real server stopped and started again on the same port: the session comes back by itself.</summary>
public sealed class ServerRestartTests
{
    [Fact]
    public async Task ServerStoppedAndStartedOnTheSamePort_TheSessionReconnectsAndReceivesFromTheNewServer()
    {
        var first = await RestartableServer.StartAsync(port: 0, generation: 1);
        var port = first.Port;
        var url = new Uri($"ws://127.0.0.1:{port}/hello");
        var attempts = new List<int>();
        await using var session = ReconnectingConnection.Create(
            attempt =>
            {
                lock (attempts)
                {
                    attempts.Add(attempt.Number);
                }

                return WebSocketConnection.Connect(url, new WebSocketConnectionOptions { Cancellation = attempt.Cancellation });
            },
            new ReconnectingConnectionOptions
            {
                // Small real waits (at most 100 ms): a refused connect to a stopped server fails at once.
                Policy = new ReconnectPolicy { InitialDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(100) },
            });

        var greeted1 = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var greeted2 = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lost = new TaskCompletionSource<SessionState.Closed>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var states = session.States.OfType<SessionState.Closed>().Subscribe(c => lost.TrySetResult(c));
        using var messages = session.Subscribe(m =>
        {
            if (m.Text == "hello 1")
            {
                greeted1.TrySetResult();
            }
            else if (m.Text == "hello 2")
            {
                greeted2.TrySetResult();
            }
        });

        await greeted1.Task.Within();
        await first.DisposeAsync();
        var closed = await lost.Task.Within();
        await using var second = await RestartableServer.StartAsync(port, generation: 2);
        await greeted2.Task.Within();

        Assert.False(closed.WasClean);
        lock (attempts)
        {
            Assert.Equal(0, attempts[0]);
            Assert.True(attempts.Count >= 2, $"attempts: {string.Join(", ", attempts)}");
            Assert.Equal(1, attempts[1]);
        }
    }
}
