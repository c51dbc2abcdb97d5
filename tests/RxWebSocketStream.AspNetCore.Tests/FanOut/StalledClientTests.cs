using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;

namespace RxWebSocketStream.AspNetCore.Tests.FanOut;

/// <summary>
/// Issue 15: under each <see cref="SlowClientPolicy"/>, one client stops reading while 100 others keep up. The
/// three policies run side by side in one server to spare the suite 200 connections: a group per policy, one
/// stalled client in each, and the same 100 readers in all three. The readers get every message of every group
/// in order and nothing is dropped for them; each stalled client gets what its policy promises, and every
/// message it misses is counted. The broadcast is paced in batches that the readers acknowledge, so only the
/// stalled clients can fall behind; their small socket buffers (see <see cref="FanOutServer"/>) make them stall
/// after a few dozen messages.
/// </summary>
public sealed class StalledClientTests
{
    private const int Others = 100;
    private const int Capacity = 16;
    private const int Batch = 8;
    private const int Batches = 12;
    private const int Pushed = Batch * Batches;
    private const int Size = 1024;

    private static readonly SlowClientPolicy[] Policies = [SlowClientPolicy.Close, SlowClientPolicy.DropOldest, SlowClientPolicy.DropNewest];

    [Fact]
    public async Task StalledClientUnderEachPolicy_TheOthersGetEverythingInOrder_EachStalledOneGetsWhatItsPolicyPromises()
    {
        // The test's own meter factory, so that parallel tests' fan-outs do not add to what this one measures.
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        using var measured = new FanOutMeasurements(meters);
        await using var server = await FanOutServer.StartAsync(new Broadcaster(new() { MeterFactory = meters }));
        var groups = Policies.Select(policy => server.Broadcaster.Group(policy.ToString(), new BroadcastGroupOptions
        {
            QueueCapacity = Capacity,
            SlowClient = policy,
            CloseStatus = (WebSocketCloseStatus)1013,
            CloseReason = "too slow, come back later",
        })).ToArray();
        var stalled = new ClientWebSocket[Policies.Length];
        var stalledOnServer = new WebSocketConnection[Policies.Length];
        for (var g = 0; g < Policies.Length; g++)
        {
            stalled[g] = await server.ConnectAsync($"stalled{g}", groups[g].Name);
            stalledOnServer[g] = await server.Connection($"stalled{g}");
        }

        var others = await Task.WhenAll(Enumerable.Range(0, Others).Select(i => server.ConnectAsync($"o{i}", groups[0].Name)));
        var othersOnServer = await Task.WhenAll(Enumerable.Range(0, Others).Select(i => server.Connection($"o{i}")));
        foreach (var connection in othersOnServer)
        {
            groups[1].Join(connection);
            groups[2].Join(connection);
        }

        var batchDone = Enumerable.Range(0, Batches).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var batchReaders = new int[Batches];
        var readers = others.Select(ws => Task.Run(async () =>
        {
            var indexes = Policies.Select(_ => new List<int>()).ToArray();
            var nextBatch = 0;
            while (indexes.Sum(i => i.Count) < Pushed * Policies.Length)
            {
                var data = (await ws.ReceiveAsync()).Data;
                indexes[data[4]].Add(Numbered.IndexOf(data));
                for (; nextBatch < Batches && indexes.Min(i => i.Count) >= (nextBatch + 1) * Batch; nextBatch++)
                {
                    if (Interlocked.Increment(ref batchReaders[nextBatch]) == Others)
                    {
                        batchDone[nextBatch].SetResult();
                    }
                }
            }

            return indexes;
        })).ToArray();

        for (var b = 0; b < Batches; b++)
        {
            for (var i = b * Batch; i < (b + 1) * Batch; i++)
            {
                for (var g = 0; g < Policies.Length; g++)
                {
                    groups[g].Send(Numbered.Binary(i, Size, tag: (byte)g));
                }
            }

            await batchDone[b].Task.Within();
        }

        foreach (var reader in readers)
        {
            Assert.All(await reader.Within(), indexes => Assert.Equal(Enumerable.Range(0, Pushed), indexes));
        }

        Assert.All(othersOnServer, connection => Assert.Equal(0, server.Broadcaster.GetDroppedMessageCount(connection)));

        // Only the stalled clients lost anything, and each count agrees.
        var dropped = stalledOnServer.Select(server.Broadcaster.GetDroppedMessageCount).ToArray();
        Assert.All(dropped, d => Assert.True(d > 0, "A stalled client fell behind, yet nothing was dropped for it."));
        Assert.Equal(dropped, groups.Select(g => g.DroppedMessageCount));
        Assert.Equal(dropped.Sum(), server.Broadcaster.DroppedMessageCount);

        // Now they read again. Close: an unbroken run from the start up to the message that overflowed; that one
        // and whatever was queued are the dropped ones.
        var closedRun = await ReadUntilCloseAsync(stalled[0]);
        Assert.Equal((1013, "too slow, come back later"), ((int?)stalled[0].CloseStatus, stalled[0].CloseStatusDescription));
        Assert.Equal(1, server.Broadcaster.SlowClientsClosedCount);
        Assert.False(groups[0].Contains(stalledOnServer[0]));
        Assert.Equal(Enumerable.Range(0, closedRun.Count), closedRun);
        Assert.InRange(closedRun.Count + dropped[0], Capacity + 1, Pushed);
        await stalled[0].CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None).Within();

        // DropOldest and DropNewest: still members, in order, and what arrived plus what was dropped is everything.
        for (var g = 1; g < Policies.Length; g++)
        {
            var received = new List<int>();
            while (received.Count < Pushed - dropped[g])
            {
                received.Add(Numbered.IndexOf((await stalled[g].ReceiveAsync()).Data));
            }

            Assert.Equal(received.Order().Distinct(), received);
            Assert.True(groups[g].Contains(stalledOnServer[g]));
            if (Policies[g] == SlowClientPolicy.DropOldest)
            {
                Assert.Equal(Pushed - 1, received[^1]); // the newest is always kept
            }
            else
            {
                Assert.Equal(Enumerable.Range(0, Capacity), received.Take(Capacity)); // the oldest are always kept
                Assert.NotEqual(Pushed - 1, received[^1]);
            }
        }

        // The metrics say what the counts say, per policy (docs/observability.md).
        Assert.Equal(
            Policies.Select((policy, g) => (Policy: FanOutMeasurements.Name(policy), Dropped: groups[g].DroppedMessageCount)),
            Policies.Select(policy => (Policy: FanOutMeasurements.Name(policy), Dropped: measured.Dropped.GetValueOrDefault(FanOutMeasurements.Name(policy)))));
        Assert.Equal(server.Broadcaster.SlowClientsClosedCount, measured.SlowClientsClosed);
    }

    /// <summary>What the fan-out reported to one meter factory's meter.</summary>
    private sealed class FanOutMeasurements : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _slowClientsClosed;

        public FanOutMeasurements(IMeterFactory meters)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Scope == meters && instrument.Name.StartsWith("rxws.fanout.", StringComparison.Ordinal))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            {
                if (instrument.Name == "rxws.fanout.slow_clients.closed")
                {
                    Interlocked.Add(ref _slowClientsClosed, value);
                    return;
                }

                Assert.Equal("rxws.fanout.messages.dropped", instrument.Name);
                var policy = Assert.Single(tags.ToArray());
                Assert.Equal("rxws.fanout.policy", policy.Key);
                Dropped.AddOrUpdate((string)policy.Value!, value, (_, sum) => sum + value);
            });
            _listener.Start();
        }

        public ConcurrentDictionary<string, long> Dropped { get; } = new();

        public long SlowClientsClosed => Interlocked.Read(ref _slowClientsClosed);

        public static string Name(SlowClientPolicy policy) => policy switch
        {
            SlowClientPolicy.DropOldest => "drop_oldest",
            SlowClientPolicy.DropNewest => "drop_newest",
            _ => "close",
        };

        public void Dispose() => _listener.Dispose();
    }

    private static async Task<List<int>> ReadUntilCloseAsync(ClientWebSocket ws)
    {
        var indexes = new List<int>();
        while (true)
        {
            var (type, data) = await ws.ReceiveAsync();
            if (type == WebSocketMessageType.Close)
            {
                return indexes;
            }

            indexes.Add(Numbered.IndexOf(data));
        }
    }
}
