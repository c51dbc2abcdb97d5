using System.Reactive;
using System.Reactive.Concurrency;
using System.Reactive.Disposables;

namespace RxWebSocketStream.Testing.Internal;

/// <summary>
/// Replays the scripted notifications to each subscriber, at times relative to its subscription.
/// </summary>
internal sealed class ColdObservable<T> : ITestableObservable<T>
{
    private readonly VirtualTimeScheduler<long, long> _scheduler;
    private readonly List<Subscription> _subscriptions = [];
    private readonly Recorded<Notification<T>>[] _messages;

    public ColdObservable(VirtualTimeScheduler<long, long> scheduler, Recorded<Notification<T>>[] messages)
    {
        _scheduler = scheduler;
        _messages = messages;
    }

    public IList<Subscription> Subscriptions => _subscriptions;

    public IList<Recorded<Notification<T>>> Messages => _messages;

    public IDisposable Subscribe(IObserver<T> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);

        _subscriptions.Add(new Subscription(_scheduler.Clock));
        var index = _subscriptions.Count - 1;

        var scheduled = new CompositeDisposable(_messages.Length);
        foreach (var message in _messages)
        {
            scheduled.Add(_scheduler.ScheduleRelative((observer, notification: message.Value), message.Time, static (_, state) =>
            {
                state.notification.Accept(state.observer);
                return Disposable.Empty;
            }));
        }

        return Disposable.Create(() =>
        {
            _subscriptions[index] = new Subscription(_subscriptions[index].Subscribe, _scheduler.Clock);
            scheduled.Dispose();
        });
    }
}
