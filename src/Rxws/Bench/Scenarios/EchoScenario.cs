using System.Diagnostics;
using System.Net.WebSockets;
using RxWebSocketStream;
using Websocket.Client;

namespace Rxws.Bench.Scenarios;

/// <summary>
/// <c>echo</c>: one 32-byte message at a time, sent and awaited back from the server before the next:
/// (a) raw <c>SendAsync</c> then <c>ReceiveAsync</c> (baseline), (b) the library's <c>SendAsync</c> with the
/// echo delivered to a subscriber, (c) the library's <c>SendAsync</c> with the echo read by
/// <c>ReadAllAsync</c>, (d) the raw loop copying each echo into an array of its own (raw + copy), (e) Websocket.Client's
/// <c>SendInstant</c> with the echo from <c>MessageReceived</c>. Each round times every round trip; the round's p50 and p99 are kept, and the
/// report gives their medians over rounds.
/// </summary>
internal sealed class EchoScenario : IBenchScenario
{
    private const int Size = 32;

    public string Name => "echo";

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var url = context.Server.Url;
        var trips = context.Profile.RoundTrips;
        var payload = context.Server.Payload(Size);
        var message = Message.FromBinary(payload);
        var latencies = new long[trips];

        var echoed = new EchoObserver<Message>();
        var peerEchoed = new EchoObserver<ResponseMessage>();
        await using var clients = await ReceivingClients.ConnectAsync(url, echoed, peerEchoed, cancellationToken).ConfigureAwait(false);
        var (raw, rawCopy, subscribed, pulled, reader, peer) = (clients.Raw, clients.RawCopy, clients.Subscribed, clients.Pulled, clients.Reader, clients.Peer);
        var buffer = new byte[Size];

        async Task<LatencySample> Raw()
        {
            var run = Measurement.Start();
            for (var i = 0; i < trips; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await raw.SendAsync(payload, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);

                // Inline rather than RawClient.ReceiveMessagesAsync: a helper async method would allocate
                // its state machine on every round trip (each read completes later) and charge the baseline.
                while (!(await raw.ReceiveAsync(buffer.AsMemory(), CancellationToken.None).ConfigureAwait(false)).EndOfMessage)
                {
                }

                latencies[i] = Stopwatch.GetTimestamp() - start;
            }

            return LatencySample.Of(latencies, run.Stop(trips));
        }

        async Task<LatencySample> RawCopy()
        {
            var run = Measurement.Start();
            var kept = Array.Empty<byte>();
            for (var i = 0; i < trips; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await rawCopy.SendAsync(payload, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await rawCopy.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None).ConfigureAwait(false);
                    length += result.Count;
                }
                while (!result.EndOfMessage);

                kept = buffer.AsSpan(0, length).ToArray();
                latencies[i] = Stopwatch.GetTimestamp() - start;
            }

            GC.KeepAlive(kept);
            return LatencySample.Of(latencies, run.Stop(trips));
        }

        async Task<LatencySample> Subscribe()
        {
            var run = Measurement.Start();
            for (var i = 0; i < trips; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await subscribed.SendAsync(message, CancellationToken.None).ConfigureAwait(false);
                await echoed.Echo.WaitAsync().ConfigureAwait(false);
                latencies[i] = Stopwatch.GetTimestamp() - start;
            }

            return LatencySample.Of(latencies, run.Stop(trips));
        }

        async Task<LatencySample> ReadAll()
        {
            var run = Measurement.Start();
            for (var i = 0; i < trips; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await pulled.SendAsync(message, CancellationToken.None).ConfigureAwait(false);
                if (!await reader.MoveNextAsync().ConfigureAwait(false))
                {
                    throw new InvalidOperationException("The bench server closed the connection early.");
                }

                latencies[i] = Stopwatch.GetTimestamp() - start;
            }

            return LatencySample.Of(latencies, run.Stop(trips));
        }

        async Task<LatencySample> Peer()
        {
            var run = Measurement.Start();
            for (var i = 0; i < trips; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await peer.SendInstant(payload).ConfigureAwait(false);
                await peerEchoed.Echo.WaitAsync().ConfigureAwait(false);
                latencies[i] = Stopwatch.GetTimestamp() - start;
            }

            return LatencySample.Of(latencies, run.Stop(trips));
        }

        var samples = await Rounds.RunAsync(context.Profile, [Raw, RawCopy, Subscribe, ReadAll, Peer], cancellationToken).ConfigureAwait(false);
        Report(context, "raw_copy", samples[0], samples[1], floor: null);
        Report(context, "subscribe", samples[0], samples[2], floor: samples[1]);
        Report(context, "read_all", samples[0], samples[3], floor: samples[1]);
        Report(context, "websocket_client", samples[0], samples[4], floor: null);
    }

    private void Report(BenchContext context, string variant, LatencySample[] baseline, LatencySample[] library, LatencySample[]? floor)
    {
        var toFloor = floor?.Zip(library, static (f, l) => f.P50Microseconds / l.P50Microseconds).ToArray();
        var ratios = baseline.Zip(library, static (b, l) => b.P50Microseconds / l.P50Microseconds).ToArray();
        var extra = baseline.Zip(library, static (b, l) => (double)(l.Total.AllocatedBytes - b.Total.AllocatedBytes) / l.Total.Operations).ToArray();
        context.Report(new LatencyResult(
            Name,
            variant,
            Size,
            Statistics.Median(baseline.Select(static s => s.P50Microseconds).ToArray()),
            Statistics.Median(library.Select(static s => s.P50Microseconds).ToArray()),
            Statistics.Median(baseline.Select(static s => s.P99Microseconds).ToArray()),
            Statistics.Median(library.Select(static s => s.P99Microseconds).ToArray()),
            Statistics.Median(ratios),
            Statistics.Median(extra),
            toFloor is null ? null : Statistics.Median(toFloor)));
    }

    /// <summary>One round of round trips: its p50 and p99, and the round as a whole (for allocations).</summary>
    private readonly record struct LatencySample(double P50Microseconds, double P99Microseconds, Measurement Total)
    {
        public static LatencySample Of(long[] ticks, Measurement total)
        {
            Array.Sort(ticks);
            return new LatencySample(Microseconds(Statistics.Percentile(ticks, 50)), Microseconds(Statistics.Percentile(ticks, 99)), total);
        }

        private static double Microseconds(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;
    }
}
