using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace RxWebSocketStream.AspNetCore.Tests.FanOut;

/// <summary>
/// Issue 15: a client stops reading while 64 MiB are broadcast to it. Managed memory stays bounded by its
/// queue, measured as docs/reliability.md measures the send buffer: which payloads are still alive (exact),
/// and how much the heap grew (coarse). Runs alone: the heap is the whole process's.
/// </summary>
[Collection(nameof(FanOutMemoryCollection))]
public sealed class FanOutMemoryTests
{
    private const int Capacity = 8;
    private const int Size = 16 << 10;
    private const int Pushed = 4096; // 64 MiB

    // Queued (the capacity), one being written, and one for slack. Unbounded growth would keep thousands.
    private const int MaxAlivePayloads = Capacity + 2;

    // The queued payloads are 128 KiB; the rest is what a quiet process allocates meanwhile. Unbounded growth
    // would add at least 60 MiB.
    private const long MaxHeapGrowth = 16 << 20;

    [Fact]
    public async Task StalledClient_64MiBBroadcast_MemoryStaysBoundedByItsQueueAndEveryMessageIsSentOrCounted()
    {
        var options = new BroadcastGroupOptions { QueueCapacity = Capacity, SlowClient = SlowClientPolicy.DropOldest };
        await using var server = await FanOutServer.StartAsync(new Broadcaster(new() { DefaultGroup = options }));
        using var stalled = await server.ConnectAsync("stalled", "feed");
        var group = server.Broadcaster.Group("feed");

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var payloads = Push(group);
        var after = GC.GetTotalMemory(forceFullCollection: true);

        Assert.InRange(payloads.Count(p => p.TryGetTarget(out _)), 0, MaxAlivePayloads);
        Assert.InRange(after - before, long.MinValue, MaxHeapGrowth);

        // It reads again: what was not dropped arrives in order, ending with the newest.
        var dropped = server.Broadcaster.GetDroppedMessageCount(await server.Connection("stalled"));
        var received = await Numbered.ReadUntilAsync(stalled, Pushed - 1);
        Assert.Equal(Pushed, received.Count + dropped);
        Assert.Equal(received.Order().Distinct(), received);
    }

    /// <summary>
    /// Broadcasts <see cref="Pushed"/> messages, each with a payload of its own, and returns weak references to
    /// them. Not inlined, so that no payload stays reachable from this frame.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference<byte[]>[] Push(BroadcastGroup group)
    {
        var payloads = new WeakReference<byte[]>[Pushed];
        for (var i = 0; i < Pushed; i++)
        {
            var payload = new byte[Size];
            BinaryPrimitives.WriteInt32BigEndian(payload, i);
            payloads[i] = new WeakReference<byte[]>(payload);
            group.Send(Message.FromBinary(payload));
        }

        return payloads;
    }
}

/// <summary>Tests that measure the process's managed heap: run alone, after the parallel tests.</summary>
[CollectionDefinition(nameof(FanOutMemoryCollection), DisableParallelization = true)]
public sealed class FanOutMemoryCollection;
