using System.Net.WebSockets;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RxWebSocketStream.Benchmarks.Transport;

namespace RxWebSocketStream.Benchmarks;

/// <summary>
/// docs/observability.md, "Cost": what the per-message telemetry costs when nobody listens. The same receive
/// (<c>Subscribe</c>) and send (<c>SendAsync</c>) loops as <see cref="ReceiveBenchmarks"/> and <see cref="SendBenchmarks"/>,
/// with no logger factory at all (the baseline) and with one whose loggers have every level off; no meter listener in
/// either. The two must not differ in allocations, and not measurably in time.
/// </summary>
[MemoryDiagnoser]
public class LoggingOverheadBenchmarks
{
    /// <summary>Messages per invocation; below the default send buffer.</summary>
    public const int MessageCount = 1000;

    private const int Size = 32;

    private readonly byte[] _payload = new byte[Size];
    private readonly DiscardStream _sendStream = new();
    private FrameFeedStream? _receiveStream;
    private WebSocketConnection? _receiver;
    private WebSocketConnection? _sender;
    private CountingObserver? _observer;
    private IDisposable? _subscription;

    /// <summary>Which logger the connections get.</summary>
    public enum LoggerKind
    {
        /// <summary>A factory whose loggers answer false to every IsEnabled: every level off.</summary>
        LevelsOff,

        /// <summary>No <see cref="WebSocketConnectionOptions.LoggerFactory"/>: nothing is logged.</summary>
        None,
    }

    [Params(LoggerKind.LevelsOff, LoggerKind.None)]
    public LoggerKind Logger { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var options = new WebSocketConnectionOptions { LoggerFactory = Logger == LoggerKind.None ? null : NullLoggerFactory.Instance };
        var creation = new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero };
        _receiveStream = new FrameFeedStream(ServerFrames.Repeat(_payload, WebSocketMessageType.Binary, MessageCount));
        _receiver = WebSocketConnection.Create(WebSocket.CreateFromStream(_receiveStream, new WebSocketCreationOptions { KeepAliveInterval = TimeSpan.Zero }), options);
        _observer = new CountingObserver();
        _subscription = _receiver.Subscribe(_observer);
        _sender = WebSocketConnection.Create(WebSocket.CreateFromStream(_sendStream, creation), options);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _subscription?.Dispose();
        _receiver?.Dispose();
        _sender?.Dispose();
        _receiveStream?.Dispose();
        _sendStream.Dispose();
    }

    [Benchmark(OperationsPerInvoke = MessageCount)]
    public long Receive()
    {
        var observer = _observer!;
        var target = observer.Count + MessageCount;
        _receiveStream!.Feed();
        return observer.WaitFor(target);
    }

    [Benchmark(OperationsPerInvoke = MessageCount)]
    public async Task Send()
    {
        var connection = _sender!;
        for (var i = 0; i < MessageCount; i++)
        {
            await connection.SendAsync(Message.FromBinary(_payload)).ConfigureAwait(false);
        }
    }
}
