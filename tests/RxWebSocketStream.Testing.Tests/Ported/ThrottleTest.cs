using System.Reactive.Linq;

// A compatibility claim: tests/RxWebSocketStream.Testing.Differential compiles this file again against
// Microsoft.Reactive.Testing 3.1.1, so every test here must pass with either kit.
#if MICROSOFT_ORACLE
using Microsoft.Reactive.Testing;

namespace CompatibilityOnMicrosoftKit.Ported;
#else
namespace RxWebSocketStream.Testing.Tests.Ported;
#endif

public sealed class ThrottleTest : ReactiveTest
{
    [Fact]
    public void Throttle_ArgumentChecking()
    {
        var scheduler = new TestScheduler();
        ReactiveAssert.Throws<ArgumentNullException>(() => ((IObservable<int>)null!).Throttle(TimeSpan.Zero, scheduler));
        ReactiveAssert.Throws<ArgumentNullException>(() => Observable.Never<int>().Throttle(TimeSpan.Zero, null!));
        ReactiveAssert.Throws<ArgumentOutOfRangeException>(() => Observable.Never<int>().Throttle(TimeSpan.FromTicks(-1), scheduler));
    }

    [Fact]
    public void Throttle_KeepsTheLastValueOfEachBurst()
    {
        var scheduler = new TestScheduler();
        var xs = scheduler.CreateHotObservable(
            OnNext(210, 1),
            OnNext(230, 2),
            OnNext(300, 3),
            OnNext(380, 4),
            OnCompleted<int>(400));

        var res = scheduler.Start(() => xs.Throttle(TimeSpan.FromTicks(50), scheduler));

        res.Messages.AssertEqual(
            OnNext(280, 2),
            OnNext(350, 3),
            OnNext(400, 4),
            OnCompleted<int>(400));
        xs.Subscriptions.AssertEqual(Subscribe(200, 400));
    }

    [Fact]
    public void Throttle_SourceError_DropsThePendingValue()
    {
        var scheduler = new TestScheduler();
        var error = new InvalidOperationException();
        var xs = scheduler.CreateHotObservable(
            OnNext(210, 1),
            OnError<int>(220, error));

        var res = scheduler.Start(() => xs.Throttle(TimeSpan.FromTicks(50), scheduler));

        res.Messages.AssertEqual(OnError<int>(220, error));
        xs.Subscriptions.AssertEqual(Subscribe(200, 220));
    }
}
