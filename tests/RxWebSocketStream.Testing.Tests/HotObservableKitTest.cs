namespace RxWebSocketStream.Testing.Tests;

/// <summary>Hot observables in this kit's marble mode; the compatible behaviour is in <see cref="HotObservableTest"/>.</summary>
public sealed class HotObservableKitTest : ReactiveTest
{
    [Fact]
    public void CreateHotObservable_MarbleModeMessageDueNowOrEarlier_FiresNow()
    {
        var scheduler = new TestScheduler(TestSchedulerMode.Marble);
        var observer = scheduler.CreateObserver<int>();
        scheduler.AdvanceTo(100);

        var xs = scheduler.CreateHotObservable(OnNext(50, 1), OnNext(100, 2));
        xs.Subscribe(observer);
        scheduler.Start();

        observer.Messages.AssertEqual(OnNext(100, 1), OnNext(100, 2));
    }
}
