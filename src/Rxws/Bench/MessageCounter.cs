namespace Rxws.Bench;

/// <summary>
/// A subscriber that counts messages and completes a task when the expected number has arrived: the
/// library side of receive (N data messages) and of send (the server's one <c>counted</c> reply), and the
/// same for Websocket.Client's <c>MessageReceived</c>.
/// </summary>
/// <typeparam name="T">The message type of the client measured.</typeparam>
internal sealed class MessageCounter<T> : IObserver<T>
{
    private int _remaining;
    private TaskCompletionSource? _done;

    /// <summary>Expects <paramref name="count"/> more messages; call before asking the server for them.</summary>
    public Task Expect(int count)
    {
        // Completed on another thread; the measuring loop resumes on the pool rather than inside OnNext.
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _remaining = count;
        Volatile.Write(ref _done, done);
        return done.Task;
    }

    public void OnNext(T value)
    {
        if (--_remaining == 0)
        {
            Volatile.Read(ref _done)!.TrySetResult();
        }
    }

    public void OnError(Exception error) => Volatile.Read(ref _done)?.TrySetException(error);

    public void OnCompleted() => Volatile.Read(ref _done)?.TrySetException(new InvalidOperationException("The connection closed before the expected messages arrived."));
}
