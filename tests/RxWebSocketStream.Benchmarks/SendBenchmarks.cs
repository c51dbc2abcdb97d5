using System.Net.WebSockets;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using RxWebSocketStream.Benchmarks.Transport;

namespace RxWebSocketStream.Benchmarks;

/// <summary>
/// The send loop: <see cref="MessageCount"/> messages through the library's <c>SendAsync</c> and
/// <c>Sink</c>, next to the raw <see cref="WebSocket.SendAsync(ReadOnlyMemory{byte}, WebSocketMessageType, bool, CancellationToken)"/>
/// loop, each over its own client socket made by <see cref="WebSocket.CreateFromStream(Stream, WebSocketCreationOptions)"/>
/// on a <see cref="DiscardStream"/>: the peer drains as fast as possible and every write completes at
/// once, so what is left is the per-message cost of each path (framing, and masking for a client, included
/// in all of them). Results are per message.
/// </summary>
/// <remarks>
/// A client masks every frame with a fresh random key (RFC 6455 section 5.3), which the BCL draws from a
/// cryptographic generator, a fixed cost per message; a server does not mask. The <see cref="Role"/>
/// parameter shows both: the client is what most users run, the server shows the library's own cost with
/// less BCL work around it.
/// </remarks>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class SendBenchmarks
{
    /// <summary>Messages per invocation; below the default send buffer (1,024), so the sink never overflows.</summary>
    public const int MessageCount = 1000;

    private readonly DiscardStream _rawStream = new();
    private readonly DiscardStream _libraryStream = new();
    private WebSocket? _raw;
    private WebSocketConnection? _connection;
    private byte[] _payload = [];
    private byte[] _encodeBuffer = [];
    private string _text = string.Empty;

    /// <summary>Which end of the connection the sending socket is.</summary>
    public enum SocketRole
    {
        /// <summary>Masks every frame.</summary>
        Client,

        /// <summary>Sends unmasked frames.</summary>
        Server,
    }

    [Params(32, 1024)]
    public int Size { get; set; }

    [Params(SocketRole.Client, SocketRole.Server)]
    public SocketRole Role { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _payload = new byte[Size];
        new Random(42).NextBytes(_payload);
        _text = new string('x', Size);
        _encodeBuffer = new byte[Encoding.UTF8.GetMaxByteCount(Size)];

        var options = new WebSocketCreationOptions { IsServer = Role == SocketRole.Server, KeepAliveInterval = TimeSpan.Zero };
        _raw = WebSocket.CreateFromStream(_rawStream, options);
        _connection = WebSocketConnection.Create(WebSocket.CreateFromStream(_libraryStream, options));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        var written = _rawStream.BytesWritten + _libraryStream.BytesWritten;
        _connection?.Dispose();
        _raw?.Dispose();
        _rawStream.Dispose();
        _libraryStream.Dispose();
        if (written == 0)
        {
            throw new InvalidOperationException("Nothing reached the transport: the benchmark measured nothing.");
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = MessageCount)]
    [BenchmarkCategory("Binary")]
    public async Task RawBinary()
    {
        var socket = _raw!;
        for (var i = 0; i < MessageCount; i++)
        {
            await socket.SendAsync(_payload.AsMemory(), WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
        }
    }

    [Benchmark(OperationsPerInvoke = MessageCount)]
    [BenchmarkCategory("Binary")]
    public async Task SendAsyncBinary()
    {
        var connection = _connection!;
        for (var i = 0; i < MessageCount; i++)
        {
            await connection.SendAsync(Message.FromBinary(_payload)).ConfigureAwait(false);
        }
    }

    /// <summary>Sink.OnNext for all but the last message; the last goes through SendAsync, whose completion
    /// says that every message before it was written (sends are in call order).</summary>
    [Benchmark(OperationsPerInvoke = MessageCount)]
    [BenchmarkCategory("Binary")]
    public Task SinkBinary()
    {
        var sink = _connection!.Sink;
        for (var i = 0; i < MessageCount - 1; i++)
        {
            sink.OnNext(Message.FromBinary(_payload));
        }

        return _connection.SendAsync(Message.FromBinary(_payload));
    }

    /// <summary>A raw caller with a string encodes it into a buffer it keeps, then sends.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = MessageCount)]
    [BenchmarkCategory("Text")]
    public async Task RawText()
    {
        var socket = _raw!;
        for (var i = 0; i < MessageCount; i++)
        {
            var length = Encoding.UTF8.GetBytes(_text, _encodeBuffer);
            await socket.SendAsync(_encodeBuffer.AsMemory(0, length), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
        }
    }

    [Benchmark(OperationsPerInvoke = MessageCount)]
    [BenchmarkCategory("Text")]
    public async Task SendAsyncText()
    {
        var connection = _connection!;
        for (var i = 0; i < MessageCount; i++)
        {
            await connection.SendAsync(Message.FromText(_text)).ConfigureAwait(false);
        }
    }

    [Benchmark(OperationsPerInvoke = MessageCount)]
    [BenchmarkCategory("Text")]
    public Task SinkText()
    {
        var sink = _connection!.Sink;
        for (var i = 0; i < MessageCount - 1; i++)
        {
            sink.OnNext(Message.FromText(_text));
        }

        return _connection.SendAsync(Message.FromText(_text));
    }
}
