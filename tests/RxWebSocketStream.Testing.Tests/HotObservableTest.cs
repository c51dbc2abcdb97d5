using System.Reactive;
using System.Reactive.Concurrency;

// A compatibility claim: tests/RxWebSocketStream.Testing.Differential compiles this file again against
// Microsoft.Reactive.Testing 3.1.1, so every test here must pass with either kit.
#if MICROSOFT_ORACLE
using Microsoft.Reactive.Testing;

namespace CompatibilityOnMicrosoftKit;
#else
namespace RxWebSocketStream.Testing.Tests;
#endif

public sealed class HotObservableTest : ReactiveTest
{
    [Fact]
    public void CreateHotObservable_NullMessages_Throws() =>
        Assert.Throws<ArgumentNullException>("messages", () => new TestScheduler().CreateHotObservable<int>(null!));

    [Fact]
    public void Subscribe_NullObserver_Throws()
    {
        var xs = new TestScheduler().CreateHotObservable<int>();
        Assert.Throws<ArgumentNullException>("observer", () => xs.Subscribe((IObserver<int>)null!));
    }

    [Fact]
    public void Messages_AreTheScriptedNotifications()
    {
        var messages = new[] { OnNext(210, 1), OnCompleted<int>(250) };

        var xs = new TestScheduler().CreateHotObservable(messages);

        xs.Messages.AssertEqual(messages);
    }

    [Fact]
    public void Start_DeliversAtAbsoluteTimes_AndLogsTheSubscription()
    {
        var scheduler = new TestScheduler();
        var xs = scheduler.CreateHotObservable(
            OnNext(150, 1),
            OnNext(210, 2),
            OnNext(220, 3),
            OnCompleted<int>(250));

        var res = scheduler.Start(() => xs);

        res.Messages.AssertEqual(
            OnNext(210, 2),
            OnNext(220, 3),
            OnCompleted<int>(250));
        xs.Subscriptions.AssertEqual(Subscribe(200, 1000));
    }

    [Fact]
    public void Subscribe_Late_MessagesUpToAndAtTheSubscriptionTimeAreLost()
    {
        var scheduler = new TestScheduler();
        var xs = scheduler.CreateHotObservable(OnNext(210, 1), OnNext(300, 2), OnNext(310, 3));

        var res = scheduler.Start(() => xs, Created, 300, Disposed);

        // The message at 300 was queued when the observable was created, before the subscription at 300.
        res.Messages.AssertEqual(OnNext(310, 3));
        xs.Subscriptions.AssertEqual(Subscribe(300, 1000));
    }

    [Fact]
    public void Subscribe_NeverDisposed_IsLoggedWithInfinite()
    {
        var scheduler = new TestScheduler();
        var xs = scheduler.CreateHotObservable(OnNext(310, 1));
        var observer = scheduler.CreateObserver<int>();

        scheduler.ScheduleAbsolute(300, () => xs.Subscribe(observer));
        scheduler.Start();

        xs.Subscriptions.AssertEqual(Subscribe(300));
        Assert.Equal(Subscription.Infinite, xs.Subscriptions[0].Unsubscribe);
        observer.Messages.AssertEqual(OnNext(310, 1));
    }

    [Fact]
    public void Subscribe_TwoObservers_BothReceiveWhileSubscribedAndBothAreLogged()
    {
        var scheduler = new TestScheduler();
        var xs = scheduler.CreateHotObservable(OnNext(250, 1), OnNext(350, 2), OnNext(450, 3));
        var first = scheduler.CreateObserver<int>();
        var second = scheduler.CreateObserver<int>();
        var firstSubscription = default(IDisposable);

        scheduler.ScheduleAbsolute(200, () => firstSubscription = xs.Subscribe(first));
        scheduler.ScheduleAbsolute(300, () => xs.Subscribe(second));
        scheduler.ScheduleAbsolute(400, () => firstSubscription!.Dispose());
        scheduler.Start();

        first.Messages.AssertEqual(OnNext(250, 1), OnNext(350, 2));
        second.Messages.AssertEqual(OnNext(350, 2), OnNext(450, 3));
        xs.Subscriptions.AssertEqual(Subscribe(200, 400), Subscribe(300));
    }

    [Fact]
    public void Unsubscribe_DuringANotification_TheOtherObserverStillGetsTheCurrentMessageOnly()
    {
        var scheduler = new TestScheduler();
        var xs = scheduler.CreateHotObservable(OnNext(210, 1), OnNext(220, 2));
        var second = scheduler.CreateObserver<int>();
        var secondSubscription = default(IDisposable);
        var first = Observer.Create<int>(_ => secondSubscription!.Dispose());

        scheduler.ScheduleAbsolute(200, () =>
        {
            xs.Subscribe(first);
            secondSubscription = xs.Subscribe(second);
        });
        scheduler.Start();

        // Each message goes to the observers subscribed when it fires (a snapshot).
        second.Messages.AssertEqual(OnNext(210, 1));
        xs.Subscriptions.AssertEqual(Subscribe(200), Subscribe(200, 210));
    }

    [Fact]
    public void Subscribe_DuringANotification_TheNewObserverStartsWithTheNextMessage()
    {
        var scheduler = new TestScheduler();
        var xs = scheduler.CreateHotObservable(OnNext(210, 1), OnNext(220, 2));
        var late = scheduler.CreateObserver<int>();
        var subscribed = false;
        var first = Observer.Create<int>(_ =>
        {
            if (!subscribed)
            {
                subscribed = true;
                xs.Subscribe(late);
            }
        });

        scheduler.ScheduleAbsolute(200, () => xs.Subscribe(first));
        scheduler.Start();

        late.Messages.AssertEqual(OnNext(220, 2));
    }

    [Fact]
    public void CreateHotObservable_MessageDueNowOrEarlier_FiresOneTickLater()
    {
        var scheduler = new TestScheduler();
        var observer = scheduler.CreateObserver<int>();
        scheduler.AdvanceTo(100);

        var xs = scheduler.CreateHotObservable(OnNext(50, 1), OnNext(100, 2));
        xs.Subscribe(observer);
        scheduler.Start();

        observer.Messages.AssertEqual(OnNext(101, 1), OnNext(101, 2));
    }

    [Fact]
    public void Message_AtOrBeforeTheClock_FiresJustAfterIt_AsMicrosoftReactiveTestingDoes()
    {
        var scheduler = new TestScheduler();
        var xs = scheduler.CreateHotObservable(OnNext(-5, 'a'), OnNext(0, 'b'));
        var observer = scheduler.CreateObserver<char>();
        xs.Subscribe(observer);

        scheduler.Start();

        observer.Messages.AssertEqual(OnNext(1, 'a'), OnNext(1, 'b'));
    }
}
