using System.Collections.Concurrent;
using System.Net.WebSockets;
using RxWebSocketStream.Testing;
using RxWebSocketStream.Tests.Grammar;

namespace RxWebSocketStream.AspNetCore.Tests.Grammar;

/// <summary>
/// Kestrel on 127.0.0.1 with one <c>MapWebSocketConnection</c> endpoint whose handler subscribes a
/// <see cref="GrammarCheckingObserver"/> to each accepted connection, held at its own gate, and hands the
/// connection to the test. The close timeout runs on a <see cref="TestScheduler"/> the test advances.
/// </summary>
internal sealed class CheckedServer : IAsyncDisposable
{
    public static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(10);

    private readonly ConcurrentQueue<Accepted> _accepted = new();
    private readonly ConcurrentBag<ManualResetEventSlim> _gates = [];
    private readonly SemaphoreSlim _acceptedCount = new(0);

    private CheckedServer()
    {
    }

    public TestScheduler Scheduler { get; } = new();

    public KestrelServer Kestrel { get; private set; } = null!;

    public static async Task<CheckedServer> StartAsync()
    {
        var server = new CheckedServer();
        server.Kestrel = await KestrelServer.StartAsync(app => app.MapWebSocketConnection(
            "/ws",
            (connection, context) =>
            {
                var gate = new ManualResetEventSlim();
                server._gates.Add(gate);
                var checker = new GrammarCheckingObserver { OnNextGate = gate };
                connection.Subscribe(checker);
                var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                context.RequestAborted.Register(() => aborted.TrySetResult());
                server._accepted.Enqueue(new Accepted(connection, checker, gate, aborted.Task));
                server._acceptedCount.Release();
                return Task.CompletedTask;
            },
            new WebSocketServerOptions { Connection = new WebSocketConnectionOptions { Scheduler = server.Scheduler, CloseTimeout = CloseTimeout } }));
        return server;
    }

    /// <summary>Connects a client (a raw handshake, then the BCL's client socket) and returns both ends.</summary>
    public async Task<(RawClient Raw, WebSocket Client, Accepted Server)> ConnectAsync()
    {
        var raw = await RawClient.HandshakeAsync(Kestrel.Ws("ws"));
        Assert.Equal(101, raw.StatusCode);
        await _acceptedCount.WaitAsync().Within();
        Assert.True(_accepted.TryDequeue(out var accepted));
        return (raw, raw.AsWebSocket(), accepted);
    }

    public async ValueTask DisposeAsync()
    {
        // A test that failed half-way must not leave a subscriber held, or stopping would wait for it.
        foreach (var gate in _gates)
        {
            gate.Set();
        }

        await Kestrel.DisposeAsync();
        _acceptedCount.Dispose();
    }

    /// <summary>One accepted connection: its checker, the checker's gate, and a task that completes when Kestrel sees the request aborted.</summary>
    internal sealed record Accepted(WebSocketConnection Connection, GrammarCheckingObserver Checker, ManualResetEventSlim Gate, Task RequestAborted);
}
