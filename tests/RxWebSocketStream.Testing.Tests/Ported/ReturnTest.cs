using System.Reactive.Linq;

// A compatibility claim: tests/RxWebSocketStream.Testing.Differential compiles this file again against
// Microsoft.Reactive.Testing 3.1.1, so every test here must pass with either kit.
#if MICROSOFT_ORACLE
using Microsoft.Reactive.Testing;

namespace CompatibilityOnMicrosoftKit.Ported;
#else
namespace RxWebSocketStream.Testing.Tests.Ported;
#endif

/// <summary>Work scheduled "now" runs one tick later in the compatible mode, as every Rx.NET test expects.</summary>
public sealed class ReturnTest : ReactiveTest
{
    [Fact]
    public void Return_ArgumentChecking() =>
        ReactiveAssert.Throws<ArgumentNullException>(() => Observable.Return(1, null!));

    [Fact]
    public void Return_Basic()
    {
        var scheduler = new TestScheduler();

        var res = scheduler.Start(() => Observable.Return(42, scheduler));

        res.Messages.AssertEqual(
            OnNext(201, 42),
            OnCompleted<int>(201));
    }

    [Fact]
    public void Return_Disposed()
    {
        var scheduler = new TestScheduler();

        var res = scheduler.Start(() => Observable.Return(42, scheduler), 200);

        res.Messages.AssertEqual();
    }
}
