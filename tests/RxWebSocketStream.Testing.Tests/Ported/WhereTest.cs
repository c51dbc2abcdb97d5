using System.Reactive.Linq;

// A compatibility claim: tests/RxWebSocketStream.Testing.Differential compiles this file again against
// Microsoft.Reactive.Testing 3.1.1, so every test here must pass with either kit.
#if MICROSOFT_ORACLE
using Microsoft.Reactive.Testing;

namespace CompatibilityOnMicrosoftKit.Ported;
#else
namespace RxWebSocketStream.Testing.Tests.Ported;
#endif

public sealed class WhereTest : ReactiveTest
{
    [Fact]
    public void Where_ArgumentChecking()
    {
        ReactiveAssert.Throws<ArgumentNullException>(() => ((IObservable<int>)null!).Where(x => true));
        ReactiveAssert.Throws<ArgumentNullException>(() => Observable.Never<int>().Where((Func<int, bool>)null!));
    }

    [Fact]
    public void Where_KeepsMatchingValues()
    {
        var scheduler = new TestScheduler();
        var xs = scheduler.CreateHotObservable(
            OnNext(210, 1),
            OnNext(220, 2),
            OnNext(230, 3),
            OnNext(240, 4),
            OnCompleted<int>(250));

        var res = scheduler.Start(() => xs.Where(x => x % 2 == 0));

        res.Messages.AssertEqual(
            OnNext(220, 2),
            OnNext(240, 4),
            OnCompleted<int>(250));
        xs.Subscriptions.AssertEqual(Subscribe(200, 250));
    }

    [Fact]
    public void Where_SourceError_IsPassedOn()
    {
        var scheduler = new TestScheduler();
        var error = new InvalidOperationException();
        var xs = scheduler.CreateHotObservable(
            OnNext(210, 1),
            OnError<int>(220, error));

        var res = scheduler.Start(() => xs.Where(_ => true));

        res.Messages.AssertEqual(
            OnNext(210, 1),
            OnError<int>(220, e => ReferenceEquals(e, error)));
        xs.Subscriptions.AssertEqual(Subscribe(200, 220));
    }
}
