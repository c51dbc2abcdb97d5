using System.Reactive;
using System.Reactive.Concurrency;

namespace RxWebSocketStream.Testing.Internal;

/// <summary>Records every notification with the scheduler's clock at the moment it arrives.</summary>
internal sealed class MockObserver<T> : ITestableObserver<T>
{
    private readonly VirtualTimeScheduler<long, long> _scheduler;
    private readonly List<Recorded<Notification<T>>> _messages = [];

    public MockObserver(VirtualTimeScheduler<long, long> scheduler) => _scheduler = scheduler;

    public IList<Recorded<Notification<T>>> Messages => _messages;

    public void OnNext(T value) => _messages.Add(new(_scheduler.Clock, Notification.CreateOnNext(value)));

    public void OnError(Exception error) => _messages.Add(new(_scheduler.Clock, Notification.CreateOnError<T>(error)));

    public void OnCompleted() => _messages.Add(new(_scheduler.Clock, Notification.CreateOnCompleted<T>()));
}
