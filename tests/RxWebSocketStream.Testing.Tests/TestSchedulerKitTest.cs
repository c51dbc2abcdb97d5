using System.Reactive.Concurrency;
using System.Reactive.Linq;

namespace RxWebSocketStream.Testing.Tests;

/// <summary>
/// What this kit's TestScheduler does beyond Microsoft.Reactive.Testing's: the marble mode, and argument
/// checks where Microsoft's scheduler fails later (docs/testing-kit-compatibility.md lists each difference).
/// The compatible behaviour is in <see cref="TestSchedulerTest"/>, which also runs against Microsoft's kit.
/// </summary>
public sealed class TestSchedulerKitTest : ReactiveTest
{
    [Fact]
    public void Constructor_UndefinedMode_Throws()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>("mode", () => new TestScheduler((TestSchedulerMode)42));
        Assert.Contains("42", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1, 200, 1000, "created")]
    [InlineData(100, 99, 1000, "subscribed")]
    [InlineData(300, 200, 1000, "subscribed")]
    [InlineData(100, 200, 199, "disposed")]
    [InlineData(100, 200, 99, "disposed")]
    public void Start_NegativeOrOutOfOrderTimes_ThrowsAndSchedulesNothing(long created, long subscribed, long disposed, string parameter)
    {
        var scheduler = new TestScheduler();
        var factoryCalls = 0;

        Assert.Throws<ArgumentOutOfRangeException>(parameter, () => scheduler.Start(() => { factoryCalls++; return Observable.Never<int>(); }, created, subscribed, disposed));

        scheduler.Start();
        Assert.Equal(0, factoryCalls);
        Assert.Equal(0, scheduler.Clock);
    }

    [Fact]
    public void Start_DisposedBeforeDefaultSubscribed_Throws()
    {
        var scheduler = new TestScheduler();
        Assert.Throws<ArgumentOutOfRangeException>("disposed", () => scheduler.Start(Observable.Never<int>, Subscribed - 1));
    }

    [Fact]
    public void Constructor_Default_IsCompatibleMode() =>
        Assert.Equal(TestSchedulerMode.Compatible, new TestScheduler().Mode);

    [Fact]
    public void ScheduleAbsolute_MarbleModeDueNowOrInThePast_RunsInTheSameFrameAfterQueuedWork()
    {
        var scheduler = new TestScheduler(TestSchedulerMode.Marble);
        var log = new List<string>();
        scheduler.ScheduleAbsolute(10, () =>
        {
            log.Add($"a@{scheduler.Clock}");
            scheduler.ScheduleAbsolute(10, () => log.Add($"c@{scheduler.Clock}"));
            scheduler.ScheduleAbsolute(3, () => log.Add($"d@{scheduler.Clock}"));
        });
        scheduler.ScheduleAbsolute(10, () => log.Add($"b@{scheduler.Clock}"));
        scheduler.ScheduleAbsolute(11, () => log.Add($"e@{scheduler.Clock}"));

        scheduler.Start();

        Assert.Equal(["a@10", "b@10", "c@10", "d@10", "e@11"], log);
    }

    [Fact]
    public void ScheduleAbsolute_MarbleModeSameDueTime_RunsFirstInFirstOut()
    {
        var scheduler = new TestScheduler(TestSchedulerMode.Marble);
        var order = new List<int>();
        for (var i = 0; i < 20; i++)
        {
            var index = i;
            scheduler.ScheduleAbsolute(7, () => order.Add(index));
        }

        scheduler.Start();

        Assert.Equal(Enumerable.Range(0, 20), order);
    }

    [Theory]
    [InlineData(50, 150)]
    [InlineData(0, 100)]
    public void ScheduleRelative_MarbleMode_AddsToClock(long dueTime, long expected)
    {
        var scheduler = new TestScheduler(TestSchedulerMode.Marble);
        var ranAt = -1L;
        scheduler.AdvanceTo(100);

        scheduler.ScheduleRelative(dueTime, () => ranAt = scheduler.Clock);
        scheduler.Start();

        Assert.Equal(expected, ranAt);
    }
}
