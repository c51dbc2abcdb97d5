using System.Reactive;

namespace RxWebSocketStream.Testing;

/// <summary>
/// An observer that records every notification it receives with its virtual time.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public interface ITestableObserver<T> : IObserver<T>
{
    /// <summary>Gets the notifications received, with their virtual times, in order.</summary>
    IList<Recorded<Notification<T>>> Messages { get; }
}
