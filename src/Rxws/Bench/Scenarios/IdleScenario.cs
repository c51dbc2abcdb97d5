using System.Globalization;
using System.Net.WebSockets;
using RxWebSocketStream;
using Websocket.Client;

namespace Rxws.Bench.Scenarios;

/// <summary>
/// <c>idle</c>: C connections open at once to the one server, doing nothing. Baseline: raw
/// <see cref="ClientWebSocket"/>s, each with a pending <c>ReceiveAsync</c> into its own 4 KiB buffer (the
/// receive loop a raw user needs to notice a close). Library: <c>WebSocketConnection</c>s, each subscribed
/// (which starts its receive loop); and started Websocket.Client instances (<see cref="PeerClient"/>), whose own
/// receive loop runs from the start. Memory is read after a full blocking GC, before opening and once every
/// connection is open on both ends, and divided by C. The server runs in this process, so both numbers
/// include its side of each connection; that share is the same for both variants, so their difference is the
/// library's own cost per connection.
/// </summary>
internal sealed class IdleScenario : IBenchScenario
{
    private const int RawReceiveBufferSize = 4096;
    private const int OpenBatch = 100;

    public string Name => "idle";

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var server = context.Server;
        var count = FitToFileLimit(context.Profile.IdleConnections, context.Notes);

        async Task<MemorySample> Raw()
        {
            var before = MemorySnapshot.Take();
            var sockets = new ClientWebSocket[count];
            var loops = new Task[count];
            for (var start = 0; start < count; start += OpenBatch)
            {
                var batch = Enumerable.Range(start, Math.Min(OpenBatch, count - start)).Select(async i =>
                {
                    sockets[i] = await RawClient.ConnectAsync(server.Url, cancellationToken).ConfigureAwait(false);
                    loops[i] = DrainAsync(sockets[i]);
                });
                await Task.WhenAll(batch).ConfigureAwait(false);
            }

            await server.WhenOpenConnectionsAsync(count).ConfigureAwait(false);
            var open = MemorySnapshot.Take();

            await Task.WhenAll(sockets.Select(static s => s.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None))).ConfigureAwait(false);
            await Task.WhenAll(loops).ConfigureAwait(false);
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }

            await server.WhenOpenConnectionsAsync(0).ConfigureAwait(false);
            return MemorySample.Of(before, open, count);
        }

        async Task<MemorySample> Library()
        {
            var before = MemorySnapshot.Take();
            var connections = new WebSocketConnection[count];
            var subscriptions = new IDisposable[count];
            var observer = new IdleObserver();
            for (var start = 0; start < count; start += OpenBatch)
            {
                var end = Math.Min(start + OpenBatch, count);
                for (var i = start; i < end; i++)
                {
                    connections[i] = WebSocketConnection.Connect(server.Url);
                    subscriptions[i] = connections[i].Subscribe(observer);
                }

                await Task.WhenAll(connections[start..end].Select(static c => c.Opened)).ConfigureAwait(false);
            }

            await server.WhenOpenConnectionsAsync(count).ConfigureAwait(false);
            var open = MemorySnapshot.Take();

            await Task.WhenAll(connections.Select(static c => LibraryClient.CloseAsync(c))).ConfigureAwait(false);
            foreach (var subscription in subscriptions)
            {
                subscription.Dispose();
            }

            await server.WhenOpenConnectionsAsync(0).ConfigureAwait(false);
            return MemorySample.Of(before, open, count);
        }

        async Task<MemorySample> Peer()
        {
            var before = MemorySnapshot.Take();
            var clients = new WebsocketClient[count];
            for (var start = 0; start < count; start += OpenBatch)
            {
                var batch = Enumerable.Range(start, Math.Min(OpenBatch, count - start)).Select(async i =>
                    clients[i] = await PeerClient.ConnectAsync(server.Url, cancellationToken).ConfigureAwait(false));
                await Task.WhenAll(batch).ConfigureAwait(false);
            }

            await server.WhenOpenConnectionsAsync(count).ConfigureAwait(false);
            var open = MemorySnapshot.Take();

            await Task.WhenAll(clients.Select(static c => PeerClient.CloseAsync(c))).ConfigureAwait(false);
            await server.WhenOpenConnectionsAsync(0).ConfigureAwait(false);
            return MemorySample.Of(before, open, count);
        }

        var samples = await Rounds.RunAsync(context.Profile with { WarmupRounds = Math.Min(1, context.Profile.WarmupRounds), MinimumWarmup = TimeSpan.Zero }, [Raw, Library, Peer], cancellationToken, context.Profile.IdleRounds).ConfigureAwait(false);
        Report(context, "subscribe", count, samples[0], samples[1]);
        Report(context, "websocket_client", count, samples[0], samples[2]);
    }

    private void Report(BenchContext context, string variant, int count, MemorySample[] baseline, MemorySample[] library) =>
        context.Report(new MemoryResult(
            Name,
            variant,
            count,
            Statistics.Median(baseline.Select(static s => s.ManagedPerConnection).ToArray()),
            Statistics.Median(library.Select(static s => s.ManagedPerConnection).ToArray()),
            Statistics.Median(baseline.Zip(library, static (b, l) => b.ManagedPerConnection / l.ManagedPerConnection).ToArray()),
            Statistics.Median(baseline.Select(static s => s.WorkingSetPerConnection).ToArray()),
            Statistics.Median(library.Select(static s => s.WorkingSetPerConnection).ToArray())));

    /// <summary>The raw user's receive loop: one pending read until the close arrives.</summary>
    private static async Task DrainAsync(ClientWebSocket socket)
    {
        var buffer = new byte[RawReceiveBufferSize];
        try
        {
            while ((await socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None).ConfigureAwait(false)).MessageType != WebSocketMessageType.Close)
            {
            }
        }
        catch (WebSocketException)
        {
            // The server went away; the bench reports the failure through the server count instead.
        }
    }

    /// <summary>
    /// Each connection costs two file descriptors here (client and server in one process). Fewer
    /// connections than asked are opened when the process may not open that many, and a note says so.
    /// </summary>
    private static int FitToFileLimit(int wanted, TextWriter notes)
    {
        const int Reserve = 512;
        var limit = OpenFileLimit();
        if (limit is not { } max || wanted * 2 + Reserve <= max)
        {
            return wanted;
        }

        var fitted = (int)Math.Max(100, (max - Reserve) / 2 / 1000 * 1000);
        notes.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"rxws bench: idle: {wanted} connections need {wanted * 2 + Reserve} file descriptors (both ends are in this process) but the limit is {max}; measuring {fitted}."));
        return fitted;
    }

    /// <summary>The soft limit on open files (Linux: /proc/self/limits), or null when unknown.</summary>
    private static long? OpenFileLimit()
    {
        const string Path = "/proc/self/limits";
        if (!File.Exists(Path))
        {
            return null;
        }

        foreach (var line in File.ReadLines(Path))
        {
            if (line.StartsWith("Max open files", StringComparison.Ordinal))
            {
                var fields = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var soft) ? soft : null;
            }
        }

        return null;
    }

    private readonly record struct MemorySnapshot(long Managed, long WorkingSet)
    {
        /// <summary>After a full, blocking, compacting collection with finalizers run.</summary>
        public static MemorySnapshot Take()
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            var managed = GC.GetTotalMemory(forceFullCollection: true);
            return new MemorySnapshot(managed, Environment.WorkingSet);
        }
    }

    private readonly record struct MemorySample(double ManagedPerConnection, double WorkingSetPerConnection)
    {
        public static MemorySample Of(MemorySnapshot before, MemorySnapshot open, int count) =>
            new((double)(open.Managed - before.Managed) / count, (double)(open.WorkingSet - before.WorkingSet) / count);
    }

    private sealed class IdleObserver : IObserver<Message>
    {
        public void OnNext(Message value)
        {
        }

        public void OnError(Exception error)
        {
        }

        public void OnCompleted()
        {
        }
    }
}
