namespace Rxws.Bench;

/// <summary>
/// A subscriber that hands each message to a waiting loop through a reusable <see cref="Signal"/>: one
/// message per wait, no allocation and no thread hop of its own (echo, connect).
/// </summary>
/// <typeparam name="T">The message type of the client measured (the library's, or Websocket.Client's).</typeparam>
internal sealed class EchoObserver<T> : IObserver<T>
{
    public Signal Echo { get; } = new();

    public void OnNext(T value) => Echo.Set();

    public void OnError(Exception error) => Echo.Fail(error);

    // A clean close ends the connect scenario's connections after their echo; nothing is waiting then.
    public void OnCompleted()
    {
    }
}
