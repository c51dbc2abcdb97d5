namespace RxWebSocketStream.Testing.Tests;

/// <summary>Cold observables in this kit's marble mode; the compatible behaviour is in <see cref="ColdObservableTest"/>.</summary>
public sealed class ColdObservableKitTest : ReactiveTest
{
    [Fact]
    public void Subscribe_MarbleModeMessageAtRelativeZero_FiresAtTheSubscription()
    {
        var scheduler = new TestScheduler(TestSchedulerMode.Marble);
        var xs = scheduler.CreateColdObservable(OnNext(0, 1));

        var res = scheduler.Start(() => xs);

        res.Messages.AssertEqual(OnNext(200, 1));
    }
}
