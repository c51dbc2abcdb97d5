using System.Collections.Concurrent;

namespace RxWebSocketStream.Tests.Hostile;

/// <summary>
/// Catches faulted tasks that nobody observed while it was watching: the runtime reports them when the
/// task is collected, so <see cref="Collect"/> forces a full collection first. The watch is process-wide,
/// which is why the tests that use it run alone (<see cref="RunsAloneCollection"/>).
/// </summary>
internal sealed class UnobservedTaskExceptions : IDisposable
{
    private readonly ConcurrentQueue<Exception> _seen = new();

    public UnobservedTaskExceptions()
    {
        // Garbage from earlier tests is reported now, before the watch starts.
        CollectEverything();
        TaskScheduler.UnobservedTaskException += OnUnobserved;
    }

    /// <summary>Every unobserved task exception since the watch started.</summary>
    public IReadOnlyList<Exception> Collect()
    {
        CollectEverything();
        return [.. _seen];
    }

    public void Dispose() => TaskScheduler.UnobservedTaskException -= OnUnobserved;

    private static void CollectEverything()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e) => _seen.Enqueue(e.Exception);
}

/// <summary>Tests that watch process-wide events, run after all the others and one at a time.</summary>
[CollectionDefinition(nameof(RunsAloneCollection), DisableParallelization = true)]
public sealed class RunsAloneCollection;
