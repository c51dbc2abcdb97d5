using System.Net.WebSockets;
using RxWebSocketStream.Benchmarks.Transport;
using RxWebSocketStream.Internal;

namespace RxWebSocketStream.Benchmarks.Paired;

/// <summary>
/// The cases of the paired measurement of exact close frames (<see cref="PairedProcesses"/>): receiving
/// <see cref="MessageCount"/> binary messages over a socket without (<c>plain</c>) and with (<c>filtered</c>) the
/// library's <see cref="CloseFrameFilterStream"/> under it, with the raw
/// <see cref="WebSocket.ReceiveAsync(Memory{byte}, CancellationToken)"/> loop (the smallest denominator, so the
/// largest ratio) and through <see cref="WebSocketConnection.Subscribe"/> (what a user sees). Every read completes at
/// once on the worker's thread (<see cref="FrameFeedStream"/>), so its thread CPU time is the whole cost.
/// </summary>
internal static class EmptyClosePairedRun
{
    private const int MessageCount = 1000;

    /// <summary>The cases, in the order they run: the control first.</summary>
    private static readonly (string Name, string Baseline, string Candidate)[] Cases =
    [
        ("control: raw loop, 32 B, plain vs plain", "raw-32-plain", "raw-32-plain"),
        ("layer floor: raw loop, 32 B, pass-through", "raw-32-plain", "raw-32-passthrough"),
        ("raw loop, 32 B", "raw-32-plain", "raw-32-filtered"),
        ("Subscribe, 32 B", "subscribe-32-plain", "subscribe-32-filtered"),
        ("raw loop, 1 KiB", "raw-1024-plain", "raw-1024-filtered"),
        ("Subscribe, 1 KiB", "subscribe-1024-plain", "subscribe-1024-filtered"),
    ];

    /// <summary>Measures every case, each in a fresh pair of worker processes, and prints one line each.</summary>
    /// <param name="rounds">Measured rounds per launch.</param>
    /// <param name="launches">Fresh worker pairs per case.</param>
    /// <param name="jit">How the workers compile (<see cref="PairedProcesses.Measure"/>).</param>
    /// <param name="only">Runs only the cases whose name contains this; <see langword="null"/> for all.</param>
    public static void Run(int rounds, int launches, JitMode jit, string? only)
    {
        Console.WriteLine($"Exact close filter, paired processes ({jit}): {launches} launches of {rounds} rounds of {MessageCount} messages per variant, timed in thread CPU time{(ThreadCpuClock.IsThreadCpuTime ? string.Empty : " (not available: wall time)")}; ratio = candidate / baseline.");
        foreach (var (name, baseline, candidate) in Cases.Where(c => only is null || c.Name.Contains(only, StringComparison.OrdinalIgnoreCase)))
        {
            Console.WriteLine(PairedProcesses.Measure(name, baseline, candidate, MessageCount, rounds, launches, jit));
        }
    }

    /// <summary>Builds the work of one variant, for a worker process.</summary>
    public static Action Variant(string variant) => variant.Split('-') switch
    {
        ["raw", var size, var transport] => RawLoop(int.Parse(size, System.Globalization.CultureInfo.InvariantCulture), transport),
        ["subscribe", var size, var transport] => Subscribe(int.Parse(size, System.Globalization.CultureInfo.InvariantCulture), transport),
        _ => throw new ArgumentException($"Unknown variant '{variant}'.", nameof(variant)),
    };

    private static Action RawLoop(int size, string transport)
    {
        var buffer = new byte[16 * 1024];
        var (feed, socket) = Receiver(size, transport);
        return () =>
        {
            feed.Feed();
            for (var i = 0; i < MessageCount; i++)
            {
                var receive = socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                if (!receive.IsCompletedSuccessfully || !receive.Result.EndOfMessage)
                {
                    throw new InvalidOperationException("A receive did not complete at once with a whole message.");
                }
            }
        };
    }

    private static Action Subscribe(int size, string transport)
    {
        var (feed, socket) = Receiver(size, transport);
        var observer = new CountingObserver();

        // Kept open for the worker's lifetime; the process ends with it.
        WebSocketConnection.Create(socket).Subscribe(observer);
        return () =>
        {
            var target = observer.Count + MessageCount;
            feed.Feed();
            observer.WaitFor(target);
        };
    }

    private static (FrameFeedStream Feed, WebSocket Socket) Receiver(int size, string transport)
    {
        var payload = new byte[size];
        new Random(42).NextBytes(payload);
        var feed = new FrameFeedStream(ServerFrames.Repeat(payload, WebSocketMessageType.Binary, MessageCount));
        Stream stream = transport switch
        {
            "plain" => feed,
            "passthrough" => new PassThroughStream(feed),
            "filtered" => new CloseFrameFilterStream(feed, isServer: false),
            _ => throw new ArgumentException($"Unknown transport '{transport}'.", nameof(transport)),
        };
        return (feed, WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { KeepAliveInterval = TimeSpan.Zero }));
    }
}
