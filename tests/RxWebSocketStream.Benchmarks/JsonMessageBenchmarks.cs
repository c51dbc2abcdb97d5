using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Serialization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using RxWebSocketStream.Benchmarks.Transport;

namespace RxWebSocketStream.Benchmarks;

/// <summary>A market snapshot: <see cref="JsonMessageBenchmarks.Prices"/> prices make it about 60 B or 1 KiB of JSON.</summary>
public sealed record Snapshot(string Symbol, long Sequence, double[] Prices);

/// <summary>The benchmarks' source-generated contract.</summary>
[JsonSerializable(typeof(Snapshot))]
internal sealed partial class BenchmarkJson : JsonSerializerContext;

/// <summary>
/// Typed messages (docs/typed-messages.md) against the hand-written calls they replace, per message:
/// <c>Message.FromText(JsonSerializer.Serialize(v))</c> against <c>Message.FromJson(v, typeInfo)</c>, and
/// <c>JsonSerializer.Deserialize(m.Text)</c> against <c>m.ReadJson(typeInfo)</c>, each with source-generated metadata
/// (the baseline) and with reflection; then the whole send, encoding included, of <see cref="MessageCount"/> values
/// through a server socket on a <see cref="DiscardStream"/> (no masking, so the library's own cost shows).
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class JsonMessageBenchmarks
{
    /// <summary>Values per invocation of the send benchmarks; below the default send buffer.</summary>
    public const int MessageCount = 1000;

    private readonly DiscardStream _stream = new();
    private Snapshot _value = null!;
    private Message _received;
    private WebSocketConnection? _connection;
    private JsonConnection<Snapshot>? _typed;

    /// <summary>How many prices the snapshot holds: 2 gives 60 bytes of JSON, 64 about 1.1 KiB.</summary>
    [Params(2, 64)]
    public int Prices { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _value = new Snapshot("EURUSD", 1_234_567, [.. Enumerable.Range(0, Prices).Select(_ => Math.Round(random.NextDouble() * 100, 5))]);

        // What the receive loop hands over: a text message over its own copy of the UTF-8 payload.
        _received = Message.FromUtf8Text(JsonSerializer.SerializeToUtf8Bytes(_value, BenchmarkJson.Default.Snapshot));
        _connection = WebSocketConnection.Create(WebSocket.CreateFromStream(_stream, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero }));
        _typed = _connection.AsJson(BenchmarkJson.Default.Snapshot);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _connection?.Dispose();
        _stream.Dispose();
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Encode")]
    public Message HandWrittenEncode() => Message.FromText(JsonSerializer.Serialize(_value, BenchmarkJson.Default.Snapshot));

    [Benchmark]
    [BenchmarkCategory("Encode")]
    public Message FromJson() => Message.FromJson(_value, BenchmarkJson.Default.Snapshot);

    [Benchmark]
    [BenchmarkCategory("Encode")]
    public Message HandWrittenEncodeReflection() => Message.FromText(JsonSerializer.Serialize(_value));

    [Benchmark]
    [BenchmarkCategory("Encode")]
    public Message FromJsonReflection() => Message.FromJson(_value);

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Decode")]
    public Snapshot? HandWrittenDecode() => JsonSerializer.Deserialize(_received.Text, BenchmarkJson.Default.Snapshot);

    [Benchmark]
    [BenchmarkCategory("Decode")]
    public Snapshot ReadJson() => _received.ReadJson(BenchmarkJson.Default.Snapshot);

    [Benchmark]
    [BenchmarkCategory("Decode")]
    public Snapshot? HandWrittenDecodeReflection() => JsonSerializer.Deserialize<Snapshot>(_received.Text);

    [Benchmark]
    [BenchmarkCategory("Decode")]
    public Snapshot ReadJsonReflection() => _received.ReadJson<Snapshot>();

    /// <summary>Serialize to a string, send it: the send path encodes the string into a pooled buffer.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = MessageCount)]
    [BenchmarkCategory("Send")]
    public async Task HandWrittenSendAsync()
    {
        var connection = _connection!;
        for (var i = 0; i < MessageCount; i++)
        {
            await connection.SendAsync(Message.FromText(JsonSerializer.Serialize(_value, BenchmarkJson.Default.Snapshot))).ConfigureAwait(false);
        }
    }

    /// <summary>The typed view: UTF-8 JSON into an exact-size array, sent from those bytes.</summary>
    [Benchmark(OperationsPerInvoke = MessageCount)]
    [BenchmarkCategory("Send")]
    public async Task TypedSendAsync()
    {
        var typed = _typed!;
        for (var i = 0; i < MessageCount; i++)
        {
            await typed.SendAsync(_value).ConfigureAwait(false);
        }
    }
}
