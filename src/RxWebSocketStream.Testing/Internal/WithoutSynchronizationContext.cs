namespace RxWebSocketStream.Testing.Internal;

/// <summary>
/// Runs code with no <see cref="SynchronizationContext"/>, restoring the caller's afterwards. A task completed
/// there runs its <c>await</c> continuations inline, in order, on this thread; under a test framework's context
/// (xunit's <c>AsyncTestSyncContext</c>) they would be posted to the thread pool instead, and virtual time would
/// stop being deterministic.
/// </summary>
internal static class WithoutSynchronizationContext
{
    public static TResult Run<TState, TResult>(TState state, Func<TState, TResult> function)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            return function(state);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    public static void Run(Action action) => Run(action, static a =>
    {
        a();
        return true;
    });
}
