using RxWebSocketStream.Tests.Server;
using Xunit.Abstractions;

namespace RxWebSocketStream.Tests.Reliability;

/// <summary>
/// Thousands of whole connection lifetimes against the real Kestrel server must leave nothing behind:
/// no managed memory, no file descriptors, no threads, no unobserved task exceptions. The figures are
/// process-wide, so this class runs alone (<see cref="RunsAloneCollection"/>).
/// </summary>
[Collection(RunsAloneCollection.Name)]
public sealed class ResourceHygieneTests(TestServer server, ITestOutputHelper output) : IClassFixture<TestServer>
{
    private const int Cycles = 10_000;

    // Enough for the pools (thread pool, socket and buffer pools, Kestrel's memory pool, the server's log
    // dictionary) to reach the size this load needs before the "before" figures are taken.
    private const int WarmUpCycles = 500;

    // Measured on 2 cores: one cycle at a time is latency-bound (about 3 ms a cycle); 8 at once keep both
    // cores busy (about 0.5 ms a cycle, client and server together); more did not go faster.
    private const int Workers = 8;

    // Generous bounds, far below what a leak of one object graph, descriptor or thread per cycle would
    // show after 10,000 cycles, and far above the growth measured without a leak (figures in the test output).
    // Memory: a connection kept alive by mistake holds about 4 KB (a test that kept them all grew by 40 MB);
    // 2 MiB catches any leak of 210 bytes a cycle or more. Measured without a leak: +23 to +216 KB.
    private const long MemoryGrowthBound = 2 * 1024 * 1024;

    // Descriptors: a socket kept open per cycle is +10,000. Measured without a leak: 0 or +6, the two
    // descriptors each of three assemblies the runtime loaded during the run (System.Net.Quic, for one).
    private const int HandleGrowthBound = 64;

    // Threads the runtime does not manage (a thread started per connection and never ended): measured
    // without a leak, -1 to 0.
    private const int OtherThreadGrowthBound = 8;

    // Thread-pool threads: the pool injects some under this burst and retires idle ones only after about
    // 20 s, so it may grow (measured: up to +15) without leaking; a pool thread blocked for good per cycle
    // would starve the pool long before 10,000 cycles, and the cycles' hang guard would fail the test.
    private const int PoolThreadGrowthBound = 64;

    [Fact]
    public async Task TenThousandConnectSendCloseCycles_LeaveNoMemoryHandlesThreadsOrUnobservedExceptionsBehind()
    {
        await RunCyclesAsync(WarmUpCycles);
        var before = ResourceFigures.Measure();

        await RunCyclesAsync(Cycles);
        var after = ResourceFigures.Measure();

        output.WriteLine($"{Cycles} cycles by {Workers} workers");
        output.WriteLine($"before: {before}");
        output.WriteLine($"after:  {after}");
        Assert.True(after.ManagedBytes - before.ManagedBytes < MemoryGrowthBound, $"Managed memory grew from {before.ManagedBytes:N0} to {after.ManagedBytes:N0} bytes over {Cycles} cycles.");
        Assert.True(after.OpenHandles - before.OpenHandles < HandleGrowthBound, $"Open handles grew from {before.OpenHandles} to {after.OpenHandles} over {Cycles} cycles.");
        Assert.True(after.OtherThreads - before.OtherThreads < OtherThreadGrowthBound, $"Threads outside the thread pool grew from {before.OtherThreads} to {after.OtherThreads} over {Cycles} cycles.");
        Assert.True(after.PoolThreads - before.PoolThreads < PoolThreadGrowthBound, $"Thread-pool threads grew from {before.PoolThreads} to {after.PoolThreads} over {Cycles} cycles.");

        // Measure already ran the finalizers: any task that faulted unobserved during the cycles is reported now.
        UnobservedExceptions.AssertNone(collect: true);
    }

    private async Task RunCyclesAsync(int cycles)
    {
        var started = 0;
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref started) <= cycles)
            {
                await CycleAsync().Within();
            }
        })));
    }

    /// <summary>One lifetime: connect, send a message and read its echo, close, and wait for both ends to finish.</summary>
    private async Task CycleAsync()
    {
        var id = Guid.NewGuid().ToString("N");
        var log = server.Log(id);
        var ws = WebSocketConnection.Connect(server.Url("echo-small", id));
        var echoes = new Recorder();
        ws.Subscribe(echoes);
        await ws.SendAsync(Message.FromText("ping"));
        await echoes.WaitForMessagesAsync(1);
        ws.Close();
        await ws.Closed;
        await echoes.Completed;

        // The server keeps a log per id; once its handler has ended, forget it, or the server itself would
        // grow by one log per cycle.
        await log.Ended;
        server.Logs.TryRemove(id, out _);
    }
}
