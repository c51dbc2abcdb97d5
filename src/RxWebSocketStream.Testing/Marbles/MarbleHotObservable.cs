using System.Reactive;
using System.Reactive.Disposables;

namespace RxWebSocketStream.Testing.Marbles;

/// <summary>
/// A hot observable drawn with a marble diagram. As in RxJS, its notifications are put on the scheduler
/// when <see cref="MarbleTest.Run"/> starts, after the subscriptions the expectations scheduled, so a
/// subscriber at frame zero sees an event at frame zero. Events before <c>^</c> (negative times) are
/// in the past: they are listed in <see cref="Messages"/> but never delivered.
/// </summary>
internal sealed class MarbleHotObservable<T> : ITestableObservable<T>
{
    private readonly TestScheduler _scheduler;
    private readonly List<IObserver<T>> _observers = [];
    private readonly List<Subscription> _subscriptions = [];
    private readonly List<Recorded<Notification<T>>> _messages;

    public MarbleHotObservable(TestScheduler scheduler, IEnumerable<Recorded<Notification<T>>> messages)
    {
        _scheduler = scheduler;
        _messages = [.. messages];
    }

    public IList<Subscription> Subscriptions => _subscriptions;

    public IList<Recorded<Notification<T>>> Messages => _messages;

    public void Start()
    {
        foreach (var message in _messages.Where(m => m.Time >= 0))
        {
            _scheduler.ScheduleAbsolute((self: this, notification: message.Value), message.Time, static (_, state) =>
            {
                // A snapshot, so an observer that unsubscribes while being notified does not disturb the loop.
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
