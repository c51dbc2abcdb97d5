using System.Globalization;
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

                // Evaluated per attempt, as a refreshed token would be.
                return WebSocketConnection.Connect(url, new WebSocketConnectionOptions
                {
                    Cancellation = attempt.Cancellation,
                    ConfigureClient = client => client.SetRequestHeader("X-Attempt", attempt.Number.ToString(CultureInfo.InvariantCulture)),
                });
            },
            new ReconnectingConnectionOptions
            {
                // Small real waits (at most 100 ms): a refused connect to a stopped server fails at once.
                Policy = new ReconnectPolicy { InitialDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(100) },
            });

        var greeted1 = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var greeted2 = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var lost = new TaskCompletionSource<SessionState.Closed>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var states = session.States.OfType<SessionState.Closed>().Subscribe(c => lost.TrySetResult(c));
        using var messages = session.Subscribe(m =>
        {
            if (m.Text.StartsWith("hello 1 ", StringComparison.Ordinal))
            {
                greeted1.TrySetResult(m.Text);
            }
            else if (m.Text.StartsWith("hello 2 ", StringComparison.Ordinal))
            {
                greeted2.TrySetResult(m.Text);
            }
        });

        Assert.Equal("hello 1 attempt 0", await greeted1.Task.Within());
        await first.DisposeAsync();
        var closed = await lost.Task.Within();
        await using var second = await RestartableServer.StartAsync(port, generation: 2);
        var greeting2 = await greeted2.Task.Within();

        Assert.False(closed.WasClean);
        Assert.True(closed.WillReconnect);
        lock (attempts)
        {
            // 0 first; then 1, 2, ... while the port refused; the greeting names the attempt that got through.
            Assert.Equal(Enumerable.Range(0, attempts.Count), attempts);
            Assert.True(attempts.Count >= 2, $"attempts: {string.Join(", ", attempts)}");
            Assert.Equal($"hello 2 attempt {attempts[^1]}", greeting2);
        }
    }
}
