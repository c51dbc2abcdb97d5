using System.Reactive.Concurrency;

// A compatibility claim: tests/RxWebSocketStream.Testing.Differential compiles this file again against
// Microsoft.Reactive.Testing 3.1.1, so every test here must pass with either kit.
#if MICROSOFT_ORACLE
using Microsoft.Reactive.Testing;

namespace CompatibilityOnMicrosoftKit;
#else
namespace RxWebSocketStream.Testing.Tests;
#endif

public sealed class ColdObservableTest : ReactiveTest
{
    [Fact]
    public void CreateColdObservable_NullMessages_Throws() =>
        Assert.Throws<ArgumentNullException>("messages", () => new TestScheduler().CreateColdObservable<int>(null!));

    [Fact]
    public void Subscribe_NullObserver_Throws()
    {
        var xs = new TestScheduler().CreateColdObservable<int>();
        Assert.Throws<ArgumentNullException>("observer", () => xs.Subscribe((IObserver<int>)null!));
    }

    [Fact]
    public void Messages_AreTheScriptedNotifications()
    {
        var messages = new[] { OnNext(10, 1), OnCompleted<int>(20) };

        var xs = new TestScheduler().CreateColdObservable(messages);

        xs.Messages.AssertEqual(messages);
    }

    [Fact]
    public void Start_ReplaysRelativeToTheSubscription()
    {
        var scheduler = new TestScheduler();
        var xs = scheduler.CreateColdObservable(
            OnNext(10, 1),
            OnNext(20, 2),
            OnCompleted<int>(30));

        var res = scheduler.Start(() => xs);

        res.Messages.AssertEqual(
            OnNext(210, 1),
            OnNext(220, 2),
            OnCompleted<int>(230));
        xs.Subscriptions.AssertEqual(Subscribe(200, 1000));
    }

    [Fact]
    public void Subscribe_TwiceAtDifferentTimes_EachSubscriptionGetsItsOwnTimeline()
    {
        var scheduler = new TestScheduler();
        var xs = scheduler.CreateColdObservable(OnNext(10, 'a'), OnCompleted<char>(20));
        var first = scheduler.CreateObserver<char>();
        var second = scheduler.CreateObserver<char>();

        scheduler.ScheduleAbsolute(200, () => xs.Subscribe(first));
        scheduler.ScheduleAbsolute(300, () => xs.Subscribe(second));
        scheduler.Start();

        first.Messages.AssertEqual(OnNext(210, 'a'), OnCompleted<char>(220));
        second.Messages.AssertEqual(OnNext(310, 'a'), OnCompleted<char>(320));
        xs.Subscriptions.AssertEqual(Subscribe(200), Subscribe(300));
    }

    [Fact]
    public void Unsubscribe_CancelsThePendingNotifications()
    {
        var scheduler = new TestScheduler();
        var xs = scheduler.CreateColdObservable(OnNext(10, 1), OnNext(20, 2), OnCompleted<int>(30));

        var res = scheduler.Start(() => xs, 215);

        res.Messages.AssertEqual(OnNext(210, 1));
        xs.Subscriptions.AssertEqual(Subscribe(200, 215));
    }

    [Fact]
    public void Unsubscribe_OneSubscription_LeavesTheOtherRunning()
    {
        var scheduler = new TestScheduler();
        var xs = scheduler.CreateColdObservable(OnNext(10, 1), OnNext(20, 2));
        var first = scheduler.CreateObserver<int>();
        var second = scheduler.CreateObserver<int>();
        var firstSubscription = default(IDisposable);

        scheduler.ScheduleAbsolute(200, () =>
        {
            firstSubscription = xs.Subscribe(first);
            xs.Subscribe(second);
        });
        scheduler.ScheduleAbsolute(215, () => firstSubscription!.Dispose());
        scheduler.Start();

        first.Messages.AssertEqual(OnNext(210, 1));
        second.Messages.AssertEqual(OnNext(210, 1), OnNext(220, 2));
        xs.Subscriptions.AssertEqual(Subscribe(200, 215), Subscribe(200));
    }

    [Fact]
    public void Subscribe_MessageAtRelativeZero_FiresOneTickAfterTheSubscription()
    {
        var scheduler = new TestScheduler();
        var xs = scheduler.CreateColdObservable(OnNext(0, 1));

        var res = scheduler.Start(() => xs);

        res.Messages.AssertEqual(OnNext(201, 1));
    }
}
