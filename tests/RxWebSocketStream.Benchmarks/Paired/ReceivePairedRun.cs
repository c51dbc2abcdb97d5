using System.Globalization;
using System.Net.WebSockets;
using RxWebSocketStream.Benchmarks.Transport;

namespace RxWebSocketStream.Benchmarks.Paired;

/// <summary>
/// Where a received message's time goes, priced with the paired measurement (<see cref="PairedProcesses"/>): the raw
/// <see cref="WebSocket.ReceiveAsync(Memory{byte}, CancellationToken)"/> loop, the same loop copying each message into
/// an array of its own ("raw + copy", the floor for owned payloads), <see cref="WebSocketConnection.Subscribe"/> and
/// <see cref="WebSocketConnection.ReadAllAsync"/>, over sockets with the keep-alive the library asks for by default
/// (<c>ka</c>: <see cref="WebSocketConnectionOptions.DefaultKeepAliveInterval"/> and
/// <see cref="WebSocketConnectionOptions.DefaultKeepAliveTimeout"/>) or none (<c>none</c>, as the micro-benchmarks and a
/// default <see cref="ClientWebSocket"/> without a timeout). Every read completes at once (<see cref="FrameFeedStream"/>),
/// so the worker thread's CPU time is the whole cost of a message.
/// </summary>
internal static class ReceivePairedRun
{
    private const int MessageCount = 1000;
    private const string Prefix = "receive:";

    private static readonly (string Name, string Baseline, string Candidate)[] Cases =
    [
        ("control: raw loop, 32 B, same vs same", "raw-32-none", "raw-32-none"),
        ("copy: raw + copy vs raw, 32 B", "raw-32-none", "copy-32-none"),
        ("BCL keep-alive timeout: raw, 32 B, with vs without", "raw-32-none", "raw-32-ka"),
        ("async: raw + copy in an async method vs not, 32 B", "copy-32-none", "asynccopy-32-none"),
        ("subscribe vs raw + copy, 32 B, no keep-alive", "copy-32-none", "subscribe-32-none"),
        ("subscribe vs async raw + copy, 32 B, no keep-alive", "asynccopy-32-none", "subscribe-32-none"),
        ("subscribe vs raw + copy, 32 B, keep-alive", "copy-32-ka", "subscribe-32-ka"),
        ("read_all vs subscribe, 32 B, keep-alive", "subscribe-32-ka", "readall-32-ka"),
        ("subscribe vs raw + copy, 1 KiB, keep-alive", "copy-1024-ka", "subscribe-1024-ka"),
        ("read_all vs subscribe, 1 KiB, keep-alive", "subscribe-1024-ka", "readall-1024-ka"),
    ];

    /// <summary>Whether a worker's variant name is one of these.</summary>
    public static bool Owns(string variant) => variant.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Measures every case (or those whose name contains <paramref name="only"/>) and prints one line each.</summary>
    public static void Run(int rounds, int launches, JitMode jit, string? only)
    {
        Console.WriteLine($"Receive paths, paired processes ({jit}): {launches} launches of {rounds} rounds of {MessageCount} messages per variant, thread CPU time{(ThreadCpuClock.IsThreadCpuTime ? string.Empty : " (not available: wall time)")}; ratio = candidate / baseline (time per message; below 1 is faster).");
        foreach (var (name, baseline, candidate) in Cases.Where(c => only is null || c.Name.Contains(only, StringComparison.OrdinalIgnoreCase)))
        {
            Console.WriteLine(PairedProcesses.Measure(name, Prefix + baseline, Prefix + candidate, MessageCount, rounds, launches, jit));
        }
    }

    /// <summary>Builds the work of one variant, for a worker process.</summary>
    public static Action Variant(string variant) => variant[Prefix.Length..].Split('-') switch
    {
        [var path, var size, var keepAlive] => Build(path, int.Parse(size, CultureInfo.InvariantCulture), keepAlive == "ka"),
        _ => throw new ArgumentException($"Unknown variant '{variant}'.", nameof(variant)),
    };

    private static Action Build(string path, int size, bool keepAlive)
    {
        var payload = new byte[size];
        new Random(42).NextBytes(payload);
        var feed = new FrameFeedStream(ServerFrames.Repeat(payload, WebSocketMessageType.Binary, MessageCount));
        var socket = WebSocket.CreateFromStream(feed, new WebSocketCreationOptions
        {
            KeepAliveInterval = keepAlive ? WebSocketConnectionOptions.DefaultKeepAliveInterval : TimeSpan.Zero,
            KeepAliveTimeout = keepAlive ? WebSocketConnectionOptions.DefaultKeepAliveTimeout : Timeout.InfiniteTimeSpan,
        });
        return path switch
        {
            "raw" => RawLoop(feed, socket, copy: false),
            "copy" => RawLoop(feed, socket, copy: true),
            "asynccopy" => AsyncRawLoop(feed, socket),
            "subscribe" => Subscribe(feed, socket),
            "readall" => ReadAll(feed, socket),
            _ => throw new ArgumentException($"Unknown path '{path}'.", nameof(path)),
        };
    }

    private static Action RawLoop(FrameFeedStream feed, WebSocket socket, bool copy)
    {
        var buffer = new byte[16 * 1024];
        var kept = Array.Empty<byte>();
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

                if (copy)
                {
                    kept = buffer.AsSpan(0, receive.Result.Count).ToArray();
                }
            }

            GC.KeepAlive(kept);
        };
    }

    /// <summary>Raw + copy as an application writes it, in an async method (as the library's receive loop is).</summary>
    private static Action AsyncRawLoop(FrameFeedStream feed, WebSocket socket)
    {
        var buffer = new byte[16 * 1024];
        return () =>
        {
            feed.Feed();
            var loop = ReceiveAsync();
            if (!loop.IsCompletedSuccessfully)
            {
                throw new InvalidOperationException("A receive did not complete at once.");
            }
        };

        async ValueTask ReceiveAsync()
        {
            var kept = Array.Empty<byte>();
            for (var i = 0; i < MessageCount; i++)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None).ConfigureAwait(false);
                kept = buffer.AsSpan(0, result.Count).ToArray();
            }

            GC.KeepAlive(kept);
        }
    }

    private static Action Subscribe(FrameFeedStream feed, WebSocket socket)
    {
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

    private static Action ReadAll(FrameFeedStream feed, WebSocket socket)
    {
        var reader = WebSocketConnection.Create(socket).ReadAllAsync().GetAsyncEnumerator();
        return () =>
        {
            feed.Feed();
            for (var i = 0; i < MessageCount; i++)
            {
                var next = reader.MoveNextAsync();
                if (!(next.IsCompletedSuccessfully ? next.Result : next.AsTask().GetAwaiter().GetResult()))
                {
                    throw new InvalidOperationException("The connection ended during the benchmark.");
                }

                GC.KeepAlive(reader.Current.Data);
            }
        };
    }
}
