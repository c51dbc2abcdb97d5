using System.Net.WebSockets;
using BenchmarkDotNet.Attributes;
using RxWebSocketStream.Benchmarks.Transport;

namespace RxWebSocketStream.Benchmarks;

/// <summary>
/// The receive loop: <see cref="MessageCount"/> binary messages received through <c>Subscribe</c> and
/// <c>ReadAllAsync</c>, next to a raw <see cref="WebSocket.ReceiveAsync(Memory{byte}, CancellationToken)"/>
/// loop, each over its own client socket made by <see cref="WebSocket.CreateFromStream(Stream, WebSocketCreationOptions)"/>
/// on a <see cref="FrameFeedStream"/>. The "server" is a block of pre-built frames fed into the client's
/// stream, so the sender costs nothing and every read completes at once; what is left is the per-message
/// cost of each path (frame parsing included, in all of them). Results are per message.
/// </summary>
/// <remarks>
/// The library hands each subscriber a message that owns its payload (one array per message); the raw
/// loop reads into one buffer it reuses. That copy is the library's contract, and it is measured here.
/// </remarks>
[MemoryDiagnoser]
public class ReceiveBenchmarks
{
    /// <summary>Messages per invocation.</summary>
    public const int MessageCount = 1000;

    private FrameFeedStream? _stream;
    private WebSocket? _raw;
    private WebSocketConnection? _connection;
    private CountingObserver? _observer;
    private IAsyncEnumerator<Message>? _reader;
    private IDisposable? _subscription;

    // The raw loop's buffer, as large as the receive loop's first buffer (16 KiB).
    private readonly byte[] _buffer = new byte[16 * 1024];

    // Kept so the copy in RawReceiveAndCopy cannot be optimised away.
    private byte[] _lastCopy = [];

    [Params(32, 1024)]
    public int Size { get; set; }

    [GlobalSetup(Targets = [nameof(RawReceiveAsync), nameof(RawReceiveAndCopy)])]
    public void SetupRaw() => _raw = CreateSocket();

    [GlobalSetup(Target = nameof(Subscribe))]
    public void SetupSubscribe()
    {
        _connection = WebSocketConnection.Create(CreateSocket());
        _observer = new CountingObserver();
        _subscription = _connection.Subscribe(_observer);
    }

    [GlobalSetup(Target = nameof(ReadAllAsync))]
    public void SetupReadAll()
    {
        _connection = WebSocketConnection.Create(CreateSocket());
        _reader = _connection.ReadAllAsync().GetAsyncEnumerator();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _subscription?.Dispose();
        _connection?.Dispose();
        _raw?.Dispose();
        _stream?.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = MessageCount)]
    public async Task<long> RawReceiveAsync()
    {
        var socket = _raw!;
        _stream!.Feed();
        long bytes = 0;
        for (var i = 0; i < MessageCount; i++)
        {
            var result = await socket.ReceiveAsync(_buffer.AsMemory(), CancellationToken.None).ConfigureAwait(false);
            if (!result.EndOfMessage)
            {
                throw new InvalidOperationException("A message did not fit the buffer.");
            }

            bytes += result.Count;
        }

        return bytes;
    }

    /// <summary>The receive loop waits on the empty stream; feeding it runs the loop through every message.</summary>
    [Benchmark(OperationsPerInvoke = MessageCount)]
    public long Subscribe()
    {
        var observer = _observer!;
        var target = observer.Count + MessageCount;
        _stream!.Feed();
        return observer.WaitFor(target);
    }

    /// <summary>
    /// The raw loop plus what a message that owns its payload costs (one array per message): the floor for
    /// Subscribe, which differs from this only by its own plumbing.
    /// </summary>
    [Benchmark(OperationsPerInvoke = MessageCount)]
    public async Task<long> RawReceiveAndCopy()
    {
        var socket = _raw!;
        _stream!.Feed();
        long bytes = 0;
        for (var i = 0; i < MessageCount; i++)
        {
            var result = await socket.ReceiveAsync(_buffer.AsMemory(), CancellationToken.None).ConfigureAwait(false);
            _lastCopy = _buffer.AsSpan(0, result.Count).ToArray();
            bytes += _lastCopy.Length;
        }

        return bytes;
    }

    [Benchmark(OperationsPerInvoke = MessageCount)]
    public async Task<long> ReadAllAsync()
    {
        var reader = _reader!;
        _stream!.Feed();
        long bytes = 0;
        for (var i = 0; i < MessageCount; i++)
        {
            if (!await reader.MoveNextAsync().ConfigureAwait(false))
            {
                throw new InvalidOperationException("The connection ended during the benchmark.");
            }

            bytes += reader.Current.Data.Length;
        }

        return bytes;
    }

    private WebSocket CreateSocket()
    {
        var payload = new byte[Size];
        new Random(42).NextBytes(payload);
        _stream = new FrameFeedStream(ServerFrames.Repeat(payload, WebSocketMessageType.Binary, MessageCount));
        return WebSocket.CreateFromStream(_stream, new WebSocketCreationOptions { KeepAliveInterval = TimeSpan.Zero });
    }
}
