using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using RxWebSocketStream.Tests.Server;

namespace RxWebSocketStream.Tests.Reliability;

/// <summary>
/// Issue 6: the peer stops reading while the sink pushes far more than the send buffer holds. Managed memory
/// stays bounded by <see cref="WebSocketConnectionOptions.SendBufferCapacity"/>, whichever
/// <see cref="SendBufferOverflow"/> is chosen, and every message pushed is either sent or counted.
/// </summary>
/// <remarks>
/// The managed heap is the whole process's, so these tests run alone, after the parallel ones
/// (<see cref="SendBufferMemoryCollection"/>). Which payloads are still alive is the exact measure and does
/// not depend on that; the heap's growth is the coarse one the issue asks for.
/// </remarks>
[Collection(nameof(SendBufferMemoryCollection))]
public sealed class SendBufferMemoryTests(TestServer server) : IClassFixture<TestServer>
{
    private const int Capacity = 8;
    private const int Size = 16 << 10;

    // 128 MiB through a buffer of 8 messages (128 KiB). The socket buffers on both sides and Kestrel's pipe
    // take up to about 40 MiB of it here before the sink's writes block; the rest must be refused.
    private const int Pushed = 8192;

    // Queued (the capacity), one being written, and one for slack. Unbounded growth would keep thousands.
    private const int MaxAlivePayloads = Capacity + 2;

    // The queued payloads are 128 KiB; the rest is what a quiet process allocates meanwhile (Kestrel's pipe,
    // pooled send buffers). Unbounded growth would add at least 80 MiB.
    private const long MaxHeapGrowth = 16 << 20;

    [Fact]
    public async Task Sink_PeerStopsReadingUnderDropNewest_MemoryStaysBoundedAndEveryMessageIsSentOrCounted()
    {
        var id = NewId();
        var ws = WebSocketConnection.Connect(
            server.Url("read-when-released", id),
            new() { SendBufferCapacity = Capacity, SendBufferOverflow = SendBufferOverflow.DropNewest });
        await ws.Opened.Within();

        var (heapGrowth, alivePayloads) = PushWhileThePeerIsNotReading(ws);

        Assert.InRange(alivePayloads, 0, MaxAlivePayloads);
        Assert.InRange(heapGrowth, long.MinValue, MaxHeapGrowth);
        Assert.True(ws.DroppedMessageCount > 0, "The sink outran the buffer, yet nothing was dropped.");

        server.Log(id).Release();
        ws.Sink.OnCompleted();

        Assert.Equal((1000, ""), await server.Log(id).CloseReceived.Within());
        var closed = await ws.Closed.Within();
        Assert.Equal(1000, closed.Code);
        Assert.Equal(0, closed.UnsentMessageCount);
        AssertEachMessageSentInOrderOrDropped(id, ws);
    }

    [Fact]
    public async Task Sink_PeerStopsReadingUnderFail_MemoryStaysBoundedAndTheConnectionFailsWith1011()
    {
        var id = NewId();
        var ws = WebSocketConnection.Connect(
            server.Url("read-when-released", id),
            new() { SendBufferCapacity = Capacity, SendBufferOverflow = SendBufferOverflow.Fail });
        await ws.Opened.Within();

        var (heapGrowth, alivePayloads) = PushWhileThePeerIsNotReading(ws);

        Assert.InRange(alivePayloads, 0, MaxAlivePayloads);
        Assert.InRange(heapGrowth, long.MinValue, MaxHeapGrowth);

        // The queued messages are flushed once the peer reads, then the 1011 close frame.
        server.Log(id).Release();

        Assert.Equal((1011, "send buffer full"), await server.Log(id).CloseReceived.Within());
        var closed = await Assert.ThrowsAsync<WebSocketConnectionException>(() => ws.Closed.Within());
        Assert.Equal(1011, closed.CloseCode);
        Assert.Equal(0, closed.UnsentMessageCount);
        AssertEachMessageSentInOrderOrDropped(id, ws);
    }

    private static (long HeapGrowth, int AlivePayloads) PushWhileThePeerIsNotReading(WebSocketConnection ws)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var payloads = Push(ws);
        var after = GC.GetTotalMemory(forceFullCollection: true);
        return (after - before, payloads.Count(p => p.TryGetTarget(out _)));
    }

    /// <summary>
    /// Pushes <see cref="Pushed"/> messages, each with a payload of its own (a shared one would stay alive
    /// whatever the library kept), and returns weak references to them. Not inlined, so that no payload stays
    /// reachable from this frame.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference<byte[]>[] Push(WebSocketConnection ws)
    {
        var payloads = new WeakReference<byte[]>[Pushed];
        for (var i = 0; i < Pushed; i++)
        {
            var payload = new byte[Size];
            BinaryPrimitives.WriteInt32BigEndian(payload, i);
            payloads[i] = new WeakReference<byte[]>(payload);
            ws.Sink.OnNext(Message.FromBinary(payload));
        }

        return payloads;
    }

    private void AssertEachMessageSentInOrderOrDropped(string id, WebSocketConnection ws)
    {
        var indexes = server.Log(id).Received.Select(FaultTests.IndexOf).ToList();
        Assert.Equal(Pushed, indexes.Count + ws.DroppedMessageCount);
        Assert.Equal(indexes.Order(), indexes);
        Assert.Equal(indexes.Count, indexes.Distinct().Count());
    }

    private static string NewId() => Guid.NewGuid().ToString("N");
}

/// <summary>Tests that measure the process's managed heap: run alone, after the parallel tests.</summary>
[CollectionDefinition(nameof(SendBufferMemoryCollection), DisableParallelization = true)]
public sealed class SendBufferMemoryCollection;
