using System.Diagnostics;

namespace RxWebSocketStream.Tests.Reliability;

/// <summary>What the process holds right now, after a full collection and the finalizers it queued.</summary>
internal readonly record struct ResourceFigures(long ManagedBytes, int OpenHandles, int Threads, int PoolThreads)
{
    public static ResourceFigures Measure()
    {
        // Twice: objects with finalizers survive the first collection and die in the second.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var managed = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        return new ResourceFigures(managed, CountOpenHandles(process), process.Threads.Count, ThreadPool.ThreadCount);
    }

    /// <summary>Threads the runtime's thread pool does not manage: started by someone, ended by someone.</summary>
    public int OtherThreads => Threads - PoolThreads;

    public override string ToString() =>
        $"managed {ManagedBytes:N0} bytes, {OpenHandles} open handles, {Threads} threads ({PoolThreads} in the thread pool)";

    // On Linux every open descriptor (socket, file, epoll, eventfd) is an entry of /proc/self/fd.
    private static int CountOpenHandles(Process process) =>
        Directory.Exists("/proc/self/fd") ? Directory.GetFileSystemEntries("/proc/self/fd").Length : process.HandleCount;
}
