namespace RxWebSocketStream.Tests.Hostile;

/// <summary>
/// Runs code with no <see cref="SynchronizationContext"/>, so that tasks completed on the test thread resume
/// their continuations inline (docs/testing.md ("Timing and determinism"): xunit's context would post them to the thread pool), which the
/// in-memory harness needs to stay synchronous.
/// </summary>
internal static class WithoutSynchronizationContext
{
    public static T Run<T>(Func<T> body)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            return body();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }
}
