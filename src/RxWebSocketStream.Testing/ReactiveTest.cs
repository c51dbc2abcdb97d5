using System.Reactive;
using RxWebSocketStream.Testing.Internal;

namespace RxWebSocketStream.Testing;

/// <summary>
/// Factory methods for expected notifications and subscriptions, and the default virtual times used by
/// <see cref="TestScheduler.Start{T}(Func{IObservable{T}})"/>. Test classes usually derive from it, as
/// with Microsoft.Reactive.Testing, so that <c>OnNext(210, 'a')</c> reads naturally.
/// </summary>
public class ReactiveTest
{
    /// <summary>The default virtual time at which the observable under test is created: 100.</summary>
    public const long Created = 100;

    /// <summary>The default virtual time at which the observable under test is subscribed to: 200.</summary>
    public const long Subscribed = 200;

    /// <summary>The default virtual time at which the subscription is disposed: 1000.</summary>
    public const long Disposed = 1000;

    /// <summary>An <c>OnNext</c> notification with a value, at a virtual time.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="ticks">The virtual time, in ticks.</param>
    /// <param name="value">The value.</param>
    /// <returns>The recorded notification.</returns>
    public static Recorded<Notification<T>> OnNext<T>(long ticks, T value) =>
        new(ticks, Notification.CreateOnNext(value));

    /// <summary>An expected <c>OnNext</c> notification whose value must satisfy a predicate.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="ticks">The virtual time, in ticks.</param>
    /// <param name="predicate">The condition the actual value must meet.</param>
    /// <returns>The recorded expectation.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="predicate"/> is <see langword="null"/>.</exception>
    public static Recorded<Notification<T>> OnNext<T>(long ticks, Func<T, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return new(ticks, new OnNextPredicate<T>(predicate));
    }

    /// <summary>An <c>OnCompleted</c> notification at a virtual time.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="ticks">The virtual time, in ticks.</param>
    /// <returns>The recorded notification.</returns>
    public static Recorded<Notification<T>> OnCompleted<T>(long ticks) =>
        new(ticks, Notification.CreateOnCompleted<T>());

    /// <summary>An <c>OnCompleted</c> notification, with a witness value that only infers <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="ticks">The virtual time, in ticks.</param>
    /// <param name="witness">Any value of the element type; it is not used.</param>
    /// <returns>The recorded notification.</returns>
    public static Recorded<Notification<T>> OnCompleted<T>(long ticks, T witness)
    {
        _ = witness;
        return new(ticks, Notification.CreateOnCompleted<T>());
    }

    /// <summary>An <c>OnError</c> notification with an exception, at a virtual time.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="ticks">The virtual time, in ticks.</param>
    /// <param name="exception">The exception.</param>
    /// <returns>The recorded notification.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is <see langword="null"/>.</exception>
    public static Recorded<Notification<T>> OnError<T>(long ticks, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new(ticks, Notification.CreateOnError<T>(exception));
    }

    /// <summary>An expected <c>OnError</c> notification whose exception must satisfy a predicate.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="ticks">The virtual time, in ticks.</param>
    /// <param name="predicate">The condition the actual exception must meet.</param>
    /// <returns>The recorded expectation.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="predicate"/> is <see langword="null"/>.</exception>
    public static Recorded<Notification<T>> OnError<T>(long ticks, Func<Exception, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return new(ticks, new OnErrorPredicate<T>(predicate));
    }

    /// <summary>An <c>OnError</c> notification, with a witness value that only infers <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="ticks">The virtual time, in ticks.</param>
    /// <param name="exception">The exception.</param>
    /// <param name="witness">Any value of the element type; it is not used.</param>
    /// <returns>The recorded notification.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> is <see langword="null"/>.</exception>
    public static Recorded<Notification<T>> OnError<T>(long ticks, Exception exception, T witness)
    {
        _ = witness;
        return OnError<T>(ticks, exception);
    }

    /// <summary>An expected <c>OnError</c> by predicate, with a witness value that only infers <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="ticks">The virtual time, in ticks.</param>
    /// <param name="predicate">The condition the actual exception must meet.</param>
    /// <param name="witness">Any value of the element type; it is not used.</param>
    /// <returns>The recorded expectation.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="predicate"/> is <see langword="null"/>.</exception>
    public static Recorded<Notification<T>> OnError<T>(long ticks, Func<Exception, bool> predicate, T witness)
    {
        _ = witness;
        return OnError<T>(ticks, predicate);
    }

    /// <summary>A subscription from <paramref name="start"/> to <paramref name="end"/>.</summary>
    /// <param name="start">The virtual time of the subscription.</param>
    /// <param name="end">The virtual time of the unsubscription.</param>
    /// <returns>The subscription.</returns>
    public static Subscription Subscribe(long start, long end) => new(start, end);

    /// <summary>A subscription from <paramref name="start"/> that was never disposed.</summary>
    /// <param name="start">The virtual time of the subscription.</param>
    /// <returns>The subscription.</returns>
    public static Subscription Subscribe(long start) => new(start);
}
