using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace RxWebSocketStream.Benchmarks;

/// <summary>
/// What one <see cref="Message"/> costs to make, decode, compare and print, next to the BCL call that does
/// the same work on a plain array or string (the baseline of each category).
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class MessageBenchmarks
{
    // 32 bytes of UTF-8 in 29 chars ('é' takes 2 bytes, '€' 3): a small JSON tick.
    private const string TickText = "{\"op\":\"tické\",\"px\":1.2,\"€\":7}";

    private byte[] _utf8 = [];
    private byte[] _utf8Copy = [];
    private Message _received;
    private Message _receivedCopy;
    private Message _fromString;
    private Message _fromStringCopy;
    private Message _binary;
    private Message _binaryCopy;

    [GlobalSetup]
    public void Setup()
    {
        _utf8 = Encoding.UTF8.GetBytes(TickText);
        _utf8Copy = [.. _utf8];
        _received = Message.FromUtf8Text(_utf8);
        _receivedCopy = Message.FromUtf8Text(_utf8Copy);
        _fromString = Message.FromText(TickText);
        _fromStringCopy = Message.FromText(new string(TickText.AsSpan()));
        _binary = Message.FromBinary(_utf8);
        _binaryCopy = Message.FromBinary(_utf8Copy);
    }

    // Create: what the receive loop does per message (copy the payload out of the pooled buffer), and the
    // struct around it.
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Create")]
    public byte[] CopyPayload() => _utf8.AsSpan().ToArray();

    [Benchmark]
    [BenchmarkCategory("Create")]
    public Message FromBinaryCopy() => Message.FromBinary(_utf8.AsSpan().ToArray());

    [Benchmark]
    [BenchmarkCategory("Create")]
    public Message FromUtf8TextCopy() => Message.FromUtf8Text(_utf8.AsSpan().ToArray());

    [Benchmark]
    [BenchmarkCategory("Create")]
    public Message FromText() => Message.FromText(TickText);

    // Decode: .Text of a received text message decodes its UTF-8 on every read.
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Decode")]
    public string Utf8GetString() => Encoding.UTF8.GetString(_utf8);

    [Benchmark]
    [BenchmarkCategory("Decode")]
    public string ReceivedText() => _received.Text;

    // Encode: .Data of a message made from a string encodes it on every read.
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Encode")]
    public byte[] Utf8GetBytes() => Encoding.UTF8.GetBytes(TickText);

    [Benchmark]
    [BenchmarkCategory("Encode")]
    public ReadOnlyMemory<byte> DataOfStringText() => _fromString.Data;

    // Equality: same type and same payload bytes.
    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Equals")]
    public bool SequenceEqual() => _utf8.AsSpan().SequenceEqual(_utf8Copy);

    [Benchmark]
    [BenchmarkCategory("Equals")]
    public bool BinaryEqualsBinary() => _binary == _binaryCopy;

    [Benchmark]
    [BenchmarkCategory("Equals")]
    public bool ReceivedEqualsReceived() => _received == _receivedCopy;

    [Benchmark]
    [BenchmarkCategory("Equals")]
    public bool StringEqualsString() => _fromString == _fromStringCopy;

    [Benchmark]
    [BenchmarkCategory("Equals")]
    public bool StringEqualsReceived() => _fromString == _received;

    // ToString: for logs and test output; no raw equivalent.
    [Benchmark]
    [BenchmarkCategory("ToString")]
    public string TextToString() => _received.ToString();

    [Benchmark]
    [BenchmarkCategory("ToString")]
    public string BinaryToString() => _binary.ToString();
}
