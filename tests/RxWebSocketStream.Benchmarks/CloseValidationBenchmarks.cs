using System.Net.WebSockets;
using System.Text;
using BenchmarkDotNet.Attributes;
using RxWebSocketStream.Benchmarks.Transport;

namespace RxWebSocketStream.Benchmarks;

/// <summary>
/// What validating a close costs, for reasons of exactly the 123-byte limit (the worst valid case), next to
/// counting the reason's UTF-8 bytes alone, which is the part of the rule that is not free.
/// </summary>
[MemoryDiagnoser]
public class CloseValidationBenchmarks
{
    private WebSocketConnection? _closing;
    private WebSocketCloseInfo _info = new();
    private string _reason = string.Empty;

    /// <summary>What the reason is made of.</summary>
    public enum ReasonKind
    {
        /// <summary>123 ASCII chars, 1 byte each.</summary>
        Ascii,

        /// <summary>41 '€', 3 bytes each.</summary>
        MultiByte,

        /// <summary>41 lone high surrogates, counted as U+FFFD: 3 bytes each.</summary>
        LoneSurrogates,
    }

    [Params(ReasonKind.Ascii, ReasonKind.MultiByte, ReasonKind.LoneSurrogates)]
    public ReasonKind Reason { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _reason = Reason switch
        {
            ReasonKind.Ascii => new string('a', 123),
            ReasonKind.MultiByte => new string('€', 41),
            _ => new string('\uD800', 41),
        };

        if (Encoding.UTF8.GetByteCount(_reason) != 123)
        {
            throw new InvalidOperationException("Each reason must be exactly 123 UTF-8 bytes.");
        }

        _info = new WebSocketCloseInfo(4000, _reason);

        // A connection already closing: Close validates, then finds the close in progress and does nothing
        // else, so what is measured is the validation at the public door.
        var socket = WebSocket.CreateFromStream(new DiscardStream(), new WebSocketCreationOptions { KeepAliveInterval = TimeSpan.Zero });
        _closing = WebSocketConnection.Create(socket);
        _closing.Close(new WebSocketCloseInfo(1000));
    }

    [GlobalCleanup]
    public void Cleanup() => _closing?.Dispose();

    [Benchmark(Baseline = true)]
    public int Utf8GetByteCount() => Encoding.UTF8.GetByteCount(_reason);

    /// <summary>The usual call: <c>Close(new WebSocketCloseInfo(code, reason))</c>.</summary>
    [Benchmark]
    public void CloseWithNewInfo() => _closing!.Close(new WebSocketCloseInfo(4000, _reason));

    /// <summary>Validation alone: the info is built once.</summary>
    [Benchmark]
    public void CloseWithSameInfo() => _closing!.Close(_info);

    /// <summary>The protocol path (RFC 6455 sending rule), validated when built.</summary>
    [Benchmark]
    public WebSocketCloseInfo ForProtocol() => WebSocketCloseInfo.ForProtocol(WebSocketCloseStatus.PolicyViolation, _reason);
}
