using System.Reactive;

namespace RxWebSocketStream.Testing;

/// <summary>
/// An observable that replays scripted notifications in virtual time and logs its subscriptions.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public interface ITestableObservable<T> : IObservable<T>
{
    /// <summary>Gets every subscription made to this observable, in order.</summary>
    IList<Subscription> Subscriptions { get; }

    /// <summary>Gets the scripted notifications with their virtual times.</summary>
    IList<Recorded<Notification<T>>> Messages { get; }
}
