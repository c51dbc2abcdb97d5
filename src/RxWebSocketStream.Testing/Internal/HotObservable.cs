using System.Reactive;
using System.Reactive.Disposables;

namespace RxWebSocketStream.Testing.Internal;

/// <summary>
/// Fires each scripted notification at its absolute time to whoever is subscribed then.
/// </summary>
internal sealed class HotObservable<T> : ITestableObservable<T>
{
    private readonly TestScheduler _scheduler;
    private readonly List<IObserver<T>> _observers = [];
    private readonly List<Subscription> _subscriptions = [];
    private readonly Recorded<Notification<T>>[] _messages;

    public HotObservable(TestScheduler scheduler, Recorded<Notification<T>>[] messages)
    {
        _scheduler = scheduler;
        _messages = messages;

        foreach (var message in messages)
        {
            scheduler.ScheduleAbsolute((self: this, notification: message.Value), message.Time, static (_, state) =>
            {
                // A snapshot, so an observer that unsubscribes (or subscribes) while being notified
                // does not disturb the iteration.
                foreach (var observer in state.self._observers.ToArray())
                {
                    state.notification.Accept(observer);
                }

                return Disposable.Empty;
            });
        }
    }

    public IList<Subscription> Subscriptions => _subscriptions;

    public IList<Recorded<Notification<T>>> Messages => _messages;

    public IDisposable Subscribe(IObserver<T> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);

        _observers.Add(observer);
        _subscriptions.Add(new Subscription(_scheduler.Clock));
        var index = _subscriptions.Count - 1;

        return Disposable.Create(() =>
        {
            _observers.Remove(observer);
            _subscriptions[index] = new Subscription(_subscriptions[index].Subscribe, _scheduler.Clock);
        });
    }
}
