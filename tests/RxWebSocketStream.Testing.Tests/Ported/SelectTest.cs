using System.Reactive.Linq;

// A compatibility claim: tests/RxWebSocketStream.Testing.Differential compiles this file again against
// Microsoft.Reactive.Testing 3.1.1, so every test here must pass with either kit.
#if MICROSOFT_ORACLE
using Microsoft.Reactive.Testing;

namespace CompatibilityOnMicrosoftKit.Ported;
#else
namespace RxWebSocketStream.Testing.Tests.Ported;
#endif

/// <summary>Select, tested as Rx.NET tests it: only the <c>using</c> differs from a Microsoft.Reactive.Testing test.</summary>
public sealed class SelectTest : ReactiveTest
{
    [Fact]
    public void Select_ArgumentChecking()
    {
        ReactiveAssert.Throws<ArgumentNullException>(() => ((IObservable<int>)null!).Select(x => x));
        ReactiveAssert.Throws<ArgumentNullException>(() => Observable.Never<int>().Select((Func<int, int>)null!));
    }

    [Fact]
    public void Select_Simple()
    {
        var scheduler = new TestScheduler();
        var xs = scheduler.CreateHotObservable(
            OnNext(180, 1),
            OnNext(210, 2),
            OnNext(240, 3),
            OnCompleted<int>(300));

        var res = scheduler.Start(() => xs.Select(x => x * 10));

        res.Messages.AssertEqual(
            OnNext(210, 20),
            OnNext(240, 30),
            OnCompleted<int>(300));
        xs.Subscriptions.AssertEqual(Subscribe(200, 300));
    }

    [Fact]
    public void Select_SelectorThrows()
    {
        var scheduler = new TestScheduler();
        var error = new InvalidOperationException("bad value");
        var xs = scheduler.CreateHotObservable(
            OnNext(210, 1),
            OnNext(220, 2),
            OnNext(230, 3));

        var res = scheduler.Start(() => xs.Select(x => x == 2 ? throw error : x));

        res.Messages.AssertEqual(
            OnNext(210, 1),
            OnError<int>(220, error));
        xs.Subscriptions.AssertEqual(Subscribe(200, 220));
    }

    [Fact]
    public void Select_DisposedEarly()
    {
        var scheduler = new TestScheduler();
        var xs = scheduler.CreateHotObservable(
            OnNext(210, 1),
            OnNext(260, 2));

        var res = scheduler.Start(() => xs.Select(x => x + 1), 250);

        res.Messages.AssertEqual(OnNext(210, 2));
        xs.Subscriptions.AssertEqual(Subscribe(200, 250));
    }
}
