using System.Reactive;
using System.Reactive.Concurrency;

namespace RxWebSocketStream.Testing.Differential.Kits;

/// <summary>
/// One TestScheduler with its factories, behind one face, so that a case runs unchanged under this kit and
/// under Microsoft.Reactive.Testing. What a kit records comes back as text (<see cref="Rendering"/>), so two
/// runs compare as lines and a failure prints them.
/// </summary>
internal interface IKit
{
    string Name { get; }

    VirtualTimeScheduler<long, long> Scheduler { get; }

    ILoggedObservable<T> Hot<T>(IEnumerable<(long Time, Notification<T> Value)> messages);

    ILoggedObservable<T> Cold<T>(IEnumerable<(long Time, Notification<T> Value)> messages);

    IRecorder<T> Observer<T>();

    IRecorder<T> Start<T>(Func<IObservable<T>> create, long created, long subscribed, long disposed);
}

/// <summary>A test observable, with its subscription log rendered as <c>(200, 1000)</c> lines.</summary>
internal interface ILoggedObservable<T> : IObservable<T>
{
    IReadOnlyList<string> Subscriptions { get; }
}

/// <summary>A recording observer, with what it received rendered as <c>OnNext(a)@210</c> lines.</summary>
internal interface IRecorder<T> : IObserver<T>
{
    IReadOnlyList<string> Messages { get; }
}
