using System.Reactive;
using System.Reactive.Concurrency;
using Ours = RxWebSocketStream.Testing;

namespace RxWebSocketStream.Testing.Differential.Kits;

/// <summary>This repository's kit, by default in its compatible mode.</summary>
internal sealed class OurKit(Ours.TestSchedulerMode mode = Ours.TestSchedulerMode.Compatible) : IKit
{
    private readonly Ours.TestScheduler _scheduler = new(mode);

    public string Name => $"RxWebSocketStream.Testing ({mode} mode)";

    public VirtualTimeScheduler<long, long> Scheduler => _scheduler;

    public ILoggedObservable<T> Hot<T>(IEnumerable<(long Time, Notification<T> Value)> messages) =>
        new Logged<T>(_scheduler.CreateHotObservable(Recorded(messages)));

    public ILoggedObservable<T> Cold<T>(IEnumerable<(long Time, Notification<T> Value)> messages) =>
        new Logged<T>(_scheduler.CreateColdObservable(Recorded(messages)));

    public IRecorder<T> Observer<T>() => new Recorder<T>(_scheduler.CreateObserver<T>());

    public IRecorder<T> Start<T>(Func<IObservable<T>> create, long created, long subscribed, long disposed) =>
        new Recorder<T>(_scheduler.Start(create, created, subscribed, disposed));

    private static Ours.Recorded<Notification<T>>[] Recorded<T>(IEnumerable<(long Time, Notification<T> Value)> messages) =>
        [.. messages.Select(m => new Ours.Recorded<Notification<T>>(m.Time, m.Value))];

    private sealed class Logged<T>(Ours.ITestableObservable<T> observable) : ILoggedObservable<T>
    {
        public IReadOnlyList<string> Subscriptions =>
            [.. observable.Subscriptions.Select(s => Rendering.Subscription(s.Subscribe, s.Unsubscribe))];

        public IDisposable Subscribe(IObserver<T> observer) => observable.Subscribe(observer);
    }

    private sealed class Recorder<T>(Ours.ITestableObserver<T> observer) : IRecorder<T>
    {
        public IReadOnlyList<string> Messages => [.. observer.Messages.Select(m => Rendering.Message(m.Time, m.Value))];

        public void OnNext(T value) => observer.OnNext(value);

        public void OnError(Exception error) => observer.OnError(error);

        public void OnCompleted() => observer.OnCompleted();
    }
}
