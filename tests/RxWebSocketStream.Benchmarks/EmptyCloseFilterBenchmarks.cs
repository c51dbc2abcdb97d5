using System.Net.WebSockets;
using BenchmarkDotNet.Attributes;
using RxWebSocketStream.Benchmarks.Transport;

namespace RxWebSocketStream.Benchmarks;

/// <summary>
/// Prices DESIGN.md 6's condition for sending and reporting empty close frames exactly: a stream filter
/// under the BCL's socket (<see cref="CloseFrameFilterStream"/>) that every frame passes through. Raw
/// receive and send loops with and without the filter, per message: the difference is what every user
/// would pay on every message for a frame that is sent at most once per connection.
/// </summary>
[MemoryDiagnoser]
public class EmptyCloseFilterBenchmarks
{
    private const int MessageCount = 1000;

    private readonly byte[] _buffer = new byte[16 * 1024];
    private FrameFeedStream? _plainFeed;
    private FrameFeedStream? _filteredFeed;
    private WebSocket? _plainReceiver;
    private WebSocket? _filteredReceiver;
    private WebSocket? _plainSender;
    private WebSocket? _filteredSender;
    private byte[] _payload = [];

    [Params(32, 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _payload = new byte[Size];
        new Random(42).NextBytes(_payload);
        var frames = ServerFrames.Repeat(_payload, WebSocketMessageType.Binary, MessageCount);
        _plainFeed = new FrameFeedStream(frames);
        _filteredFeed = new FrameFeedStream(frames);
        var options = new WebSocketCreationOptions { KeepAliveInterval = TimeSpan.Zero };
        _plainReceiver = WebSocket.CreateFromStream(_plainFeed, options);
        _filteredReceiver = WebSocket.CreateFromStream(new CloseFrameFilterStream(_filteredFeed), options);
        _plainSender = WebSocket.CreateFromStream(new DiscardStream(), options);
        _filteredSender = WebSocket.CreateFromStream(new CloseFrameFilterStream(new DiscardStream()), options);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _plainReceiver?.Dispose();
        _filteredReceiver?.Dispose();
        _plainSender?.Dispose();
        _filteredSender?.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = MessageCount)]
    [BenchmarkCategory("receive")]
    public Task<long> Receive() => ReceiveAllAsync(_plainReceiver!, _plainFeed!);

    [Benchmark(OperationsPerInvoke = MessageCount)]
    [BenchmarkCategory("receive")]
    public Task<long> ReceiveThroughFilter() => ReceiveAllAsync(_filteredReceiver!, _filteredFeed!);

    [Benchmark(OperationsPerInvoke = MessageCount)]
    [BenchmarkCategory("send")]
    public Task Send() => SendAllAsync(_plainSender!);

    [Benchmark(OperationsPerInvoke = MessageCount)]
    [BenchmarkCategory("send")]
    public Task SendThroughFilter() => SendAllAsync(_filteredSender!);

    private async Task<long> ReceiveAllAsync(WebSocket socket, FrameFeedStream feed)
    {
        feed.Feed();
        long bytes = 0;
        for (var i = 0; i < MessageCount; i++)
        {
            var result = await socket.ReceiveAsync(_buffer.AsMemory(), CancellationToken.None).ConfigureAwait(false);
            bytes += result.Count;
        }

        return bytes;
    }

    private async Task SendAllAsync(WebSocket socket)
    {
        for (var i = 0; i < MessageCount; i++)
        {
            await socket.SendAsync(_payload, WebSocketMessageType.Binary, true, CancellationToken.None).ConfigureAwait(false);
        }
    }
}
