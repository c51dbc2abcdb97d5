using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Linq;

// A compatibility claim: tests/RxWebSocketStream.Testing.Differential compiles this file again against
// Microsoft.Reactive.Testing 3.1.1, so every test here must pass with either kit.
#if MICROSOFT_ORACLE
using Microsoft.Reactive.Testing;

namespace CompatibilityOnMicrosoftKit;
#else
namespace RxWebSocketStream.Testing.Tests;
#endif

public sealed class TestSchedulerTest : ReactiveTest
{
    [Fact]
    public void ScheduleAbsolute_NullAction_Throws()
    {
        var scheduler = new TestScheduler();
        Assert.Throws<ArgumentNullException>("action", () => scheduler.ScheduleAbsolute<int>(0, 10, null!));
    }

    [Fact]
    public void Start_NullCreate_Throws()
    {
        var scheduler = new TestScheduler();
        Assert.Throws<ArgumentNullException>("create", () => scheduler.Start<int>(null!));
        Assert.Throws<ArgumentNullException>("create", () => scheduler.Start<int>(null!, 500));
        Assert.Throws<ArgumentNullException>("create", () => scheduler.Start<int>(null!, 10, 20, 30));
    }

    [Fact]
    public void Constructor_StartsDisabledAtTimeZero()
    {
        var scheduler = new TestScheduler();

        Assert.Equal(0, scheduler.Clock);
        Assert.Equal(new DateTimeOffset(0, TimeSpan.Zero), scheduler.Now);
        Assert.False(scheduler.IsEnabled);
    }

    [Theory]
    [InlineData(50, 150)]
    [InlineData(0, 101)]
    public void ScheduleRelative_AddsToClock_DueNowRunsOneTickLater(long dueTime, long expected)
    {
        var scheduler = new TestScheduler();
        var ranAt = -1L;
        scheduler.AdvanceTo(100);

        scheduler.ScheduleRelative(dueTime, () => ranAt = scheduler.Clock);
        scheduler.Start();

        Assert.Equal(expected, ranAt);
    }

    [Fact]
    public void Now_FollowsClockInTicks()
    {
        var scheduler = new TestScheduler();

        scheduler.AdvanceTo(TimeSpan.FromSeconds(3).Ticks);

        Assert.Equal(new DateTimeOffset(TimeSpan.FromSeconds(3).Ticks, TimeSpan.Zero), scheduler.Now);
        Assert.Equal(scheduler.Now, ((IScheduler)scheduler).Now);
    }

    [Fact]
    public void ScheduleAbsolute_FutureTimes_RunInDueTimeOrder()
    {
        var scheduler = new TestScheduler();
        var log = new List<string>();
        scheduler.ScheduleAbsolute(20, () => log.Add($"c@{scheduler.Clock}"));
        scheduler.ScheduleAbsolute(5, () => log.Add($"a@{scheduler.Clock}"));
        scheduler.ScheduleAbsolute(10, () => log.Add($"b@{scheduler.Clock}"));

        scheduler.Start();

        Assert.Equal(["a@5", "b@10", "c@20"], log);
        Assert.Equal(20, scheduler.Clock);
    }

    [Fact]
    public void ScheduleAbsolute_CompatibleModeDueNowOrInThePast_RunsAtClockPlusOne()
    {
        var scheduler = new TestScheduler();
        var times = new List<long>();
        scheduler.AdvanceTo(100);

        scheduler.ScheduleAbsolute(100, () => times.Add(scheduler.Clock));
        scheduler.ScheduleAbsolute(40, () => times.Add(scheduler.Clock));
        scheduler.Start();

        Assert.Equal([101, 101], times);
    }

    [Fact]
    public void ScheduleAbsolute_CompatibleModeFromInsideAnAction_RunsOneTickLater()
    {
        var scheduler = new TestScheduler();
        var log = new List<string>();
        scheduler.ScheduleAbsolute(10, () =>
        {
            log.Add($"outer@{scheduler.Clock}");
            scheduler.ScheduleAbsolute(10, () => log.Add($"same-time@{scheduler.Clock}"));
            scheduler.Schedule(() => log.Add($"immediate@{scheduler.Clock}"));
        });
        scheduler.ScheduleAbsolute(10, () => log.Add($"queued@{scheduler.Clock}"));

        scheduler.Start();

        Assert.Equal(["outer@10", "queued@10", "same-time@11", "immediate@11"], log);
    }

    [Fact]
    public void Schedule_TimeSpan_IsConvertedToTicks()
    {
        var scheduler = new TestScheduler();
        var ranAt = -1L;

        ((IScheduler)scheduler).Schedule(TimeSpan.FromTicks(30), () => ranAt = scheduler.Clock);
        scheduler.Start();

        Assert.Equal(30, ranAt);
    }

    [Fact]
    public void AdvanceTo_RunsWorkDueUpToAndIncludingTheTime()
    {
        var scheduler = new TestScheduler();
        var times = new List<long>();
        foreach (var time in new long[] { 10, 20, 21 })
        {
            scheduler.ScheduleAbsolute(time, () => times.Add(scheduler.Clock));
        }

        scheduler.AdvanceTo(20);
        Assert.Equal([10, 20], times);
        Assert.Equal(20, scheduler.Clock);

        scheduler.AdvanceTo(21);
        Assert.Equal([10, 20, 21], times);
    }

    [Fact]
    public void AdvanceTo_ThePast_Throws()
    {
        var scheduler = new TestScheduler();
        scheduler.AdvanceTo(10);

        Assert.Throws<ArgumentOutOfRangeException>(() => scheduler.AdvanceTo(5));
    }

    [Fact]
    public void AdvanceBy_MovesTheClockRelatively()
    {
        var scheduler = new TestScheduler();
        var ranAt = -1L;
        scheduler.ScheduleAbsolute(15, () => ranAt = scheduler.Clock);

        scheduler.AdvanceBy(10);
        Assert.Equal(-1, ranAt);
        scheduler.AdvanceBy(10);

        Assert.Equal(15, ranAt);
        Assert.Equal(20, scheduler.Clock);
    }

    [Fact]
    public void AdvanceBy_Negative_Throws()
    {
        var scheduler = new TestScheduler();
        Assert.Throws<ArgumentOutOfRangeException>(() => scheduler.AdvanceBy(-1));
    }

    [Fact]
    public void NestedScheduling_RecursiveActions_RunAtTheirOwnTimes()
    {
        var scheduler = new TestScheduler();
        var times = new List<long>();

        IDisposable Step(IScheduler self, int count)
        {
            times.Add(scheduler.Clock);
            return count < 3 ? self.Schedule(count + 1, TimeSpan.FromTicks(5), Step) : Disposable.Empty;
        }

        scheduler.ScheduleAbsolute(0, 10L, Step);
        scheduler.Start();

        Assert.Equal([10, 15, 20, 25], times);
    }

    [Fact]
    public void Dispose_BeforeTheDueTime_CancelsTheWork()
    {
        var scheduler = new TestScheduler();
        var ran = false;

        var work = scheduler.ScheduleAbsolute(10, () => ran = true);
        work.Dispose();
        scheduler.Start();

        Assert.False(ran);
    }

    [Fact]
    public void Dispose_FromAnEarlierAction_CancelsLaterWork()
    {
        var scheduler = new TestScheduler();
        var log = new List<long>();
        var later = scheduler.ScheduleAbsolute(20, () => log.Add(scheduler.Clock));
        scheduler.ScheduleAbsolute(10, () => later.Dispose());
        scheduler.ScheduleAbsolute(30, () => log.Add(scheduler.Clock));

        scheduler.Start();

        Assert.Equal([30], log);
    }

    [Fact]
    public void Start_DefaultTimes_CreatesAt100SubscribesAt200DisposesAt1000()
    {
        var scheduler = new TestScheduler();
        var (created, subscribed, disposed) = (-1L, -1L, -1L);

        scheduler.Start(() =>
        {
            created = scheduler.Clock;
            return Observable.Create<int>(_ =>
            {
                subscribed = scheduler.Clock;
                return Disposable.Create(() => disposed = scheduler.Clock);
            });
        });

        Assert.Equal((Created, Subscribed, Disposed), (created, subscribed, disposed));
        Assert.Equal((100L, 200L, 1000L), (created, subscribed, disposed));
    }

    [Fact]
    public void Start_WithDisposed_UsesTheDefaultCreatedAndSubscribedTimes()
    {
        var scheduler = new TestScheduler();
        var xs = scheduler.CreateColdObservable<int>();

        scheduler.Start(() => xs, 500);

        xs.Subscriptions.AssertEqual(Subscribe(200, 500));
    }

    [Fact]
    public void Start_WithAllTimes_UsesThem()
    {
        var scheduler = new TestScheduler();
        var createdAt = -1L;
        var xs = scheduler.CreateColdObservable<int>();

        scheduler.Start(() => { createdAt = scheduler.Clock; return xs; }, 10, 20, 30);

        Assert.Equal(10, createdAt);
        xs.Subscriptions.AssertEqual(Subscribe(20, 30));
    }

    [Fact]
    public void Start_RecordsOnlyTheSubscriptionWindow()
    {
        var scheduler = new TestScheduler();
        var xs = scheduler.CreateHotObservable(
            OnNext(150, 1),
            OnNext(210, 2),
            OnNext(1000, 3),
            OnNext(1001, 4));

        var res = scheduler.Start(() => xs);

        // The message at 1000 was queued before Start's disposal, so it still arrives (as in Microsoft.Reactive.Testing).
        res.Messages.AssertEqual(
            OnNext(210, 2),
            OnNext(1000, 3));
        xs.Subscriptions.AssertEqual(Subscribe(200, 1000));
    }

    [Fact]
    public void CreateObserver_RecordsEachNotificationWithTheClock()
    {
        var scheduler = new TestScheduler();
        var observer = scheduler.CreateObserver<int>();
        var error = new InvalidOperationException("boom");
        scheduler.ScheduleAbsolute(10, () => observer.OnNext(1));
        scheduler.ScheduleAbsolute(20, () => observer.OnError(error));
        scheduler.ScheduleAbsolute(30, () => observer.OnCompleted());

        scheduler.Start();

        observer.Messages.AssertEqual(
            OnNext(10, 1),
            OnError<int>(20, error),
            OnCompleted<int>(30));
    }
}
