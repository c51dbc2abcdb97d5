using System.Net.WebSockets;
using BenchmarkDotNet.Attributes;
using RxWebSocketStream.Benchmarks.Transport;
using RxWebSocketStream.Internal;

namespace RxWebSocketStream.Benchmarks;

/// <summary>
/// Prices exact close frames (docs/benchmarks.md, "Empty close frames"): the library's
/// <see cref="CloseFrameFilterStream"/>, which sits under every socket the library makes, on the raw receive and
/// send loops with and without it, per message. The difference is what every message pays for a frame that is
/// sent at most once per connection; the target is at most 2% on receive at 32 B.
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
        _filteredReceiver = WebSocket.CreateFromStream(new CloseFrameFilterStream(_filteredFeed, isServer: false), options);
        _plainSender = WebSocket.CreateFromStream(new DiscardStream(), options);
        _filteredSender = WebSocket.CreateFromStream(new CloseFrameFilterStream(new DiscardStream(), isServer: false), options);
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
