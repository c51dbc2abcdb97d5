using System.Reactive.Linq;

namespace RxWebSocketStream.Testing.Tests.Marbles;

/// <summary>Classic Rx.NET operators checked with marbles; every time-based one runs on the test's scheduler.</summary>
public sealed class MarbleOperatorTests
{
    private static TimeSpan Ms(int frames) => TimeSpan.FromMilliseconds(frames);

    [Fact]
    public void Select_MapsEachValueInItsFrame()
    {
        var m = new MarbleTest();
        var source = m.Cold("-a-b-|", new Dictionary<char, int> { ['a'] = 1, ['b'] = 2 });
        m.ExpectObservable(source.Select(x => x * 10)).ToBe("-x-y-|", new Dictionary<char, int> { ['x'] = 10, ['y'] = 20 });
        m.ExpectSubscriptions(source.Subscriptions).ToBe("^----!");

        m.Run();
    }

    [Fact]
    public void Merge_InterleavesByTimeAndCompletesWhenBothHave()
    {
        var m = new MarbleTest();
        var left = m.Hot("  -a--b---|");
        var right = m.Hot(" --c--d|");
        var expected = "    -ac-bd--|";
        m.ExpectObservable(left.Merge(right)).ToBe(expected);
        m.ExpectSubscriptions(left.Subscriptions).ToBe("  ^-------!");
        m.ExpectSubscriptions(right.Subscriptions).ToBe(" ^-----!");

        m.Run();
    }

    [Fact]
    public void Throttle_EmitsTheLastValueAfterAQuietPeriod()
    {
        var m = new MarbleTest();
        var source = m.Cold("-a----bc-----d|");
        m.ExpectObservable(source.Throttle(Ms(3), m.Scheduler)).ToBe("----a-----c---(d|)");

        m.Run();
    }

    [Fact]
    public void Timeout_FailsWhenTheGapIsTooLongAndUnsubscribes()
    {
        var m = new MarbleTest();
        var source = m.Cold("-a-b-----c|");
        m.ExpectObservable(source.Timeout(Ms(3), m.Scheduler)).ToBe("-a-b--#", error: new TimeoutException());
        m.ExpectSubscriptions(source.Subscriptions).ToBe("^-----!");

        m.Run();
    }

    [Fact]
    public void Timeout_QuickEnoughSource_PassesThrough()
    {
        var m = new MarbleTest();
        var source = m.Cold("-a-b-c|");
        m.ExpectObservable(source.Timeout(Ms(3), m.Scheduler)).ToBe("-a-b-c|");

        m.Run();
    }

    [Fact]
    public void Buffer_WithTime_EmitsAListEveryPeriodAndTheRestOnCompletion()
    {
        var m = new MarbleTest();
        var source = m.Cold("-ab-c--d|");
        var lists = new Dictionary<char, IList<char>> { ['x'] = ['a', 'b'], ['y'] = ['c'], ['z'] = ['d'] };
        m.ExpectObservable(source.Buffer(Ms(3), m.Scheduler)).ToBe("---x--y-(z|)", lists);

        m.Run();
    }

    [Fact]
    public void Delay_ShiftsEveryValueByItsTime()
    {
        var m = new MarbleTest();
        var source = m.Cold("-a-b|");
        m.ExpectObservable(source.Delay(MarbleTest.Time("--|"), m.Scheduler)).ToBe("---a-b|");

        m.Run();
    }

    [Fact]
    public void Interval_TakeUntil_StopsAtTheNotifier()
    {
        var m = new MarbleTest();
        var stop = m.Hot("-----x");
        var values = new Dictionary<char, long> { ['0'] = 0, ['1'] = 1 };
        m.ExpectObservable(Observable.Interval(Ms(2), m.Scheduler).TakeUntil(stop)).ToBe("--0-1|", values);

        m.Run();
    }

    [Fact]
    public void Throttle_WrongExpectation_Fails()
    {
        var m = new MarbleTest();
        var source = m.Cold("-a----bc-----d|");
        m.ExpectObservable(source.Throttle(Ms(3), m.Scheduler)).ToBe("----a-----b---(d|)");

        var error = Assert.Throws<MarbleAssertionException>(m.Run);

        Assert.Contains("First difference, at frame 10:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SameScenario_RunAThousandTimes_GivesTheSameResultEveryTime()
    {
        var renderings = new HashSet<string>();
        for (var i = 0; i < 1_000; i++)
        {
            var scheduler = new TestScheduler(TestSchedulerMode.Marble);
            var m = new MarbleTest(scheduler);
            var left = m.Hot("-a----b--c----d|");
            var right = m.Cold("--x|");
            var observer = scheduler.CreateObserver<char>();
            var scenario = left.Merge(right).Throttle(Ms(2), m.Scheduler).Timeout(Ms(5), m.Scheduler);
            scenario.Subscribe(observer);
            m.ExpectObservable(scenario).ToBe("----x---b--c---(d|)");

            m.Run();

            renderings.Add(MarbleDiagram.Render(observer.Messages).Diagram);
        }

        Assert.Equal("----x---b--c---(d|)", Assert.Single(renderings));
    }
}
