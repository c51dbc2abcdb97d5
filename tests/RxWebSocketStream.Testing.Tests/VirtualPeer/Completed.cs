namespace RxWebSocketStream.Testing.Tests.VirtualPeer;

/// <summary>
/// Reads tasks that virtual time has already completed. Never blocks: a task still pending fails the assertion, which is
/// the point of a virtual-time test (nothing waits on real time).
/// </summary>
internal static class Completed
{
    internal static T Result<T>(Task<T> task)
    {
        Assert.True(task.IsCompleted, "The task is still pending in virtual time.");
        return task.GetAwaiter().GetResult();
    }

    internal static T Result<T>(ValueTask<T> task) => Result(task.AsTask());

    internal static TException Error<TException>(Task task)
        where TException : Exception
    {
        Assert.True(task.IsCompleted, "The task is still pending in virtual time.");
        var thrown = Record.Exception(() => task.GetAwaiter().GetResult());
        return Assert.IsType<TException>(thrown, exactMatch: false);
    }
}
