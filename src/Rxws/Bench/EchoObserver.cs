using RxWebSocketStream;

namespace Rxws.Bench;

/// <summary>
/// A subscriber that hands each message to a waiting loop through a reusable <see cref="Signal"/>: one
/// message per wait, no allocation and no thread hop of its own (echo, connect).
/// </summary>
internal sealed class EchoObserver : IObserver<Message>
{
    public Signal Echo { get; } = new();

    public void OnNext(Message value) => Echo.Set();

    public void OnError(Exception error) => Echo.Fail(error);

    // A clean close ends the connect scenario's connections after their echo; nothing is waiting then.
    public void OnCompleted()
    {
    }
}
