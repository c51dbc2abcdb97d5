using System.Reactive;
using System.Reactive.Concurrency;
using System.Reactive.Disposables;

namespace RxWebSocketStream.Testing.Internal;

/// <summary>
/// Fires each scripted notification at its absolute time to whoever is subscribed then.
/// </summary>
/// <remarks>
/// <see cref="TestScheduler.CreateHotObservable{T}"/> schedules the notifications at once, as
/// Microsoft.Reactive.Testing does. A marble test defers them to <see cref="Start"/>, which
/// <see cref="MarbleTest.Run"/> calls after the expectations' subscriptions are scheduled, so that (as in
/// RxJS) a subscriber at frame zero sees an event at frame zero. Notifications at negative times (before
/// a marble <c>^</c>) are in the past: listed in <see cref="Messages"/>, never delivered.
/// </remarks>
internal sealed class HotObservable<T> : ITestableObservable<T>
{
    private readonly VirtualTimeScheduler<long, long> _scheduler;
    private readonly List<IObserver<T>> _observers = [];
    private readonly List<Subscription> _subscriptions = [];
    private readonly Recorded<Notification<T>>[] _messages;

    // Marble semantics: negative times are before '^', already past. Microsoft's semantics schedule them
    // anyway (the +1 rule then fires them just after the current time).
    private readonly bool _pastIsGone;

    public HotObservable(VirtualTimeScheduler<long, long> scheduler, IEnumerable<Recorded<Notification<T>>> messages, bool deferStart = false)
    {
        _scheduler = scheduler;
        _messages = [.. messages];
        _pastIsGone = deferStart;
        if (!deferStart)
        {
            Start();
        }
    }

    public IList<Subscription> Subscriptions => _subscriptions;

    public IList<Recorded<Notification<T>>> Messages => _messages;

    /// <summary>Schedules the notifications (for a marble observable, those at or after time zero).</summary>
    public void Start()
    {
        foreach (var message in _messages.Where(m => m.Time >= 0 || !_pastIsGone))
        {
            _scheduler.ScheduleAbsolute((self: this, notification: message.Value), message.Time, static (_, state) =>
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
