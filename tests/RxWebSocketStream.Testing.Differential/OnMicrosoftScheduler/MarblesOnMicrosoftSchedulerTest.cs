using System.Reactive.Linq;
using Ms = Microsoft.Reactive.Testing;

namespace RxWebSocketStream.Testing.Differential.OnMicrosoftScheduler;

/// <summary>
/// Marble tests on Microsoft.Reactive.Testing's TestScheduler: each case must pass there exactly as on this kit's
/// marble-mode scheduler. Microsoft's runs work due now one tick later, and the marble test compares by frame.
/// </summary>
public sealed class MarblesOnMicrosoftSchedulerTest
{
    private static readonly Dictionary<string, Action<MarbleTest>> Cases = new()
    {
        ["hot, late subscriber"] = m =>
        {
            var source = m.Hot("-a-^-b--c|");
            m.ExpectObservable(source, "   ---^").ToBe("-----c|");
            m.ExpectSubscriptions(source.Subscriptions).ToBe("   ---^--!");
        },
        ["cold, values map"] = m =>
        {
            var source = m.Cold("-a-b-|", new Dictionary<char, int> { ['a'] = 1, ['b'] = 2 });
            m.ExpectObservable(source.Select(x => x * 10)).ToBe("-x-y-|", new Dictionary<char, int> { ['x'] = 10, ['y'] = 20 });
            m.ExpectSubscriptions(source.Subscriptions).ToBe("^----!");
        },
        ["value at frame zero"] = m => m.ExpectObservable(m.Cold("(ab)-c|")).ToBe("(ab)-c|"),
        ["timeout"] = m =>
        {
            var source = m.Cold("-a-b-----c|");
            m.ExpectObservable(source.Timeout(TimeSpan.FromMilliseconds(3), m.Scheduler)).ToBe("-a-b--#", error: new TimeoutException());
            m.ExpectSubscriptions(source.Subscriptions).ToBe("^-----!");
        },
        ["time progression with delay"] = m =>
            m.ExpectObservable(m.Cold("a 9ms b 9s c|").Delay(TimeSpan.FromSeconds(1), m.Scheduler)).ToBe("1s a 9ms b 9s c|"),
        ["throttle"] = m =>
            m.ExpectObservable(m.Hot("-a-b----c---|").Throttle(TimeSpan.FromMilliseconds(2), m.Scheduler)).ToBe("-----b----c-|"),
        ["sample"] = m =>
            m.ExpectObservable(m.Hot("-a-b-c-----d--|").Sample(TimeSpan.FromMilliseconds(4), m.Scheduler)).ToBe("----b---c---d---|"),
        ["buffer by time"] = m =>
            m.ExpectObservable(m.Cold("-a-b-c-|").Buffer(TimeSpan.FromMilliseconds(3), m.Scheduler).Select(b => string.Concat(b))).ToBe(
                "---x--y(z|)",
                new Dictionary<char, string> { ['x'] = "a", ['y'] = "bc", ['z'] = "" }),
        ["switch"] = m =>
        {
            var inner = m.Cold("x-y|");
            var outer = m.Hot("-a---b-----|");
            m.ExpectObservable(outer.Select(_ => inner).Switch()).ToBe("-x-y-x-y---|");
            m.ExpectSubscriptions(inner.Subscriptions).ToBe("-^--!", "-----^--!");
        },
        ["merge with a subscription diagram"] = m =>
        {
            var left = m.Hot("-a---b---c|");
            var right = m.Hot("---x---y---|");
            m.ExpectObservable(left.Merge(right), "--^-----!").ToBe("---x-b-y");
        },
        ["replay"] = m =>
        {
            var source = m.Hot("-a-b-c|");
            var replayed = source.Replay(1, m.Scheduler).RefCount();
            m.ExpectObservable(replayed).ToBe("-a-b-c|");
            m.ExpectObservable(replayed, "----^").ToBe("----bc|");
        },
        ["error and immediate resubscription"] = m =>
        {
            var source = m.Cold("-a#");
            m.ExpectObservable(source.Retry(2)).ToBe("-a-a#");
            m.ExpectSubscriptions(source.Subscriptions).ToBe("^-!", "--^-!");
        },
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void MarbleCase_PassesOnBothSchedulers(string name)
    {
        var ours = new MarbleTest();
        Cases[name](ours);
        ours.Run();

        var microsoft = new MarbleTest(new Ms.TestScheduler());
        Cases[name](microsoft);
        microsoft.Run();
    }

    [Fact]
    public void FailureReport_IsTheSameOnBothSchedulers()
    {
        static string Report(MarbleTest m)
        {
            var source = m.Cold("-a-b|", new Dictionary<char, int> { ['a'] = 1, ['b'] = 2 });
            m.ExpectObservable(source.Select(x => x * 10)).ToBe("-a-b|", new Dictionary<char, int> { ['a'] = 10, ['b'] = 30 });
            m.ExpectSubscriptions(source.Subscriptions).ToBe("^--!");
            return Assert.Throws<MarbleAssertionException>(m.Run).Message;
        }

        var ours = Report(new MarbleTest());

        Assert.Equal(ours, Report(new MarbleTest(new Ms.TestScheduler())));
        Assert.Contains("First difference, at frame 3:", ours, StringComparison.Ordinal);
    }

    [Fact]
    public void MicrosoftScheduler_RecordsTicksAfterTheFrame_WhichTheMarbleTestRoundsDown()
    {
        var scheduler = new Ms.TestScheduler();
        var m = new MarbleTest(scheduler);
        var recorder = scheduler.CreateObserver<char>();
        var source = m.Cold("a-b|");
        source.Subscribe(recorder);
        m.ExpectObservable(source).ToBe("a-b|");

        m.Run();

        // Subscribed at tick 0, Microsoft's cold observable delivers frame 0's value at tick 1; the marble test still passes.
        Assert.Equal([1, 2 * MarbleDiagram.TicksPerFrame, 3 * MarbleDiagram.TicksPerFrame], recorder.Messages.Select(r => r.Time));
    }
}
