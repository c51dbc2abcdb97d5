using System.Reactive.Linq;

// A compatibility claim: tests/RxWebSocketStream.Testing.Differential compiles this file again against
// Microsoft.Reactive.Testing 3.1.1, so every test here must pass with either kit.
#if MICROSOFT_ORACLE
using Microsoft.Reactive.Testing;

namespace CompatibilityOnMicrosoftKit.Ported;
#else
namespace RxWebSocketStream.Testing.Tests.Ported;
#endif

public sealed class DelayTest : ReactiveTest
{
    [Fact]
    public void Delay_ArgumentChecking()
    {
        var scheduler = new TestScheduler();
        ReactiveAssert.Throws<ArgumentNullException>(() => ((IObservable<int>)null!).Delay(TimeSpan.Zero, scheduler));
        ReactiveAssert.Throws<ArgumentNullException>(() => Observable.Never<int>().Delay(TimeSpan.Zero, null!));
        ReactiveAssert.Throws<ArgumentOutOfRangeException>(() => Observable.Never<int>().Delay(TimeSpan.FromTicks(-1), scheduler));
    }

    [Fact]
    public void Delay_TimeSpan_ShiftsValuesAndCompletion()
    {
        var scheduler = new TestScheduler();
        var xs = scheduler.CreateHotObservable(
            OnNext(210, 1),
            OnNext(240, 2),
            OnCompleted<int>(250));

        var res = scheduler.Start(() => xs.Delay(TimeSpan.FromTicks(100), scheduler));

        res.Messages.AssertEqual(
            OnNext(310, 1),
            OnNext(340, 2),
            OnCompleted<int>(350));
        xs.Subscriptions.AssertEqual(Subscribe(200, 250));
    }

    [Fact]
    public void Delay_SourceError_IsNotDelayed()
    {
        var scheduler = new TestScheduler();
        var error = new InvalidOperationException();
        var xs = scheduler.CreateHotObservable(
            OnNext(210, 1),
            OnError<int>(250, error));

        var res = scheduler.Start(() => xs.Delay(TimeSpan.FromTicks(100), scheduler));

        res.Messages.AssertEqual(OnError<int>(250, error));
        xs.Subscriptions.AssertEqual(Subscribe(200, 250));
    }

    [Fact]
    public void Delay_ColdSource_CountsFromTheSubscription()
    {
        var scheduler = new TestScheduler();
        var xs = scheduler.CreateColdObservable(
            OnNext(10, 'a'),
            OnCompleted<char>(20));

        var res = scheduler.Start(() => xs.Delay(TimeSpan.FromTicks(5), scheduler));

        res.Messages.AssertEqual(
            OnNext(215, 'a'),
            OnCompleted<char>(225));
    }
}
