using System.Reactive;
using System.Reactive.Concurrency;
using Ms = Microsoft.Reactive.Testing;

namespace RxWebSocketStream.Testing.Differential.Kits;

/// <summary>Microsoft.Reactive.Testing 3.1.1, the oracle.</summary>
internal sealed class MicrosoftKit : IKit
{
    private readonly Ms.TestScheduler _scheduler = new();

    public string Name => "Microsoft.Reactive.Testing";

    public VirtualTimeScheduler<long, long> Scheduler => _scheduler;

    public ILoggedObservable<T> Hot<T>(IEnumerable<(long Time, Notification<T> Value)> messages) =>
        new Logged<T>(_scheduler.CreateHotObservable(Recorded(messages)));

    public ILoggedObservable<T> Cold<T>(IEnumerable<(long Time, Notification<T> Value)> messages) =>
        new Logged<T>(_scheduler.CreateColdObservable(Recorded(messages)));

    public IRecorder<T> Observer<T>() => new Recorder<T>(_scheduler.CreateObserver<T>());

    public IRecorder<T> Start<T>(Func<IObservable<T>> create, long created, long subscribed, long disposed) =>
        new Recorder<T>(_scheduler.Start(create, created, subscribed, disposed));

    private static Ms.Recorded<Notification<T>>[] Recorded<T>(IEnumerable<(long Time, Notification<T> Value)> messages) =>
        [.. messages.Select(m => new Ms.Recorded<Notification<T>>(m.Time, m.Value))];

    private sealed class Logged<T>(Ms.ITestableObservable<T> observable) : ILoggedObservable<T>
    {
        public IReadOnlyList<string> Subscriptions =>
            [.. observable.Subscriptions.Select(s => Rendering.Subscription(s.Subscribe, s.Unsubscribe))];

        public IDisposable Subscribe(IObserver<T> observer) => observable.Subscribe(observer);
    }

    private sealed class Recorder<T>(Ms.ITestableObserver<T> observer) : IRecorder<T>
    {
        public IReadOnlyList<string> Messages => [.. observer.Messages.Select(m => Rendering.Message(m.Time, m.Value))];

        public void OnNext(T value) => observer.OnNext(value);

        public void OnError(Exception error) => observer.OnError(error);

        public void OnCompleted() => observer.OnCompleted();
    }
}
