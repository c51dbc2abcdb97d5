using System.Reactive.Linq;

namespace RxWebSocketStream.Testing.Tests.Marbles;

public sealed class MarbleTestTests
{
    [Fact]
    public void Run_MatchingCold_Passes()
    {
        var m = new MarbleTest();
        var source = m.Cold("-a--b|");
        m.ExpectObservable(source).ToBe("-a--b|");
        m.ExpectSubscriptions(source.Subscriptions).ToBe("^----!");

        m.Run();
    }

    [Fact]
    public void Cold_EachSubscriptionReplaysFromItsOwnFrameZero()
    {
        var m = new MarbleTest();
        var source = m.Cold("a|");
        m.ExpectObservable(source, "--^").ToBe("--a|");
        m.ExpectSubscriptions(source.Subscriptions).ToBe("--^!");

        m.Run();
    }

    [Fact]
    public void Hot_EventsBeforeTheCaretAreNeverDelivered()
    {
        var m = new MarbleTest();
        var source = m.Hot("-a-^-b--|");
        m.ExpectObservable(source).ToBe("--b--|");

        m.Run();
    }

    [Fact]
    public void Hot_ASubscriberAtFrameZeroSeesAnEventAtFrameZero()
    {
        var m = new MarbleTest();
        var source = m.Hot("a-b|");
        m.ExpectObservable(source).ToBe("a-b|");

        m.Run();
    }

    [Fact]
    public void Hot_ALateSubscriberMissesEarlierEvents()
    {
        var m = new MarbleTest();
        var source = m.Hot("-a-^-b--c|");
        m.ExpectObservable(source, "   ---^").ToBe("-----c|");
        m.ExpectSubscriptions(source.Subscriptions).ToBe("   ---^--!");

        m.Run();
    }

    [Fact]
    public void ExpectObservable_SubscriptionDiagram_UnsubscribesAtTheBang()
    {
        var m = new MarbleTest();
        var source = m.Cold("-a-b-c-|");
        m.ExpectObservable(source, "^----!").ToBe("-a-b-");
        m.ExpectSubscriptions(source.Subscriptions).ToBe("^----!");

        m.Run();
    }

    [Fact]
    public void ExpectObservable_SubscribeAndUnsubscribeInOneFrame_SeesNothing()
    {
        var m = new MarbleTest();
        var source = m.Cold("a|");
        m.ExpectObservable(source, "--(^!)").ToBe("-");
        m.ExpectSubscriptions(source.Subscriptions).ToBe("--(^!)");

        m.Run();
    }

    [Fact]
    public void ExpectSubscriptions_None_ExpectsAnEmptyLog()
    {
        var m = new MarbleTest();
        var source = m.Cold("a|");
        m.ExpectSubscriptions(source.Subscriptions).ToBe();

        m.Run();
    }

    [Fact]
    public void ToBe_ErrorsMatchByTypeAndMessageNotByReference()
    {
        var m = new MarbleTest();
        var source = m.Cold("-a-#", new InvalidOperationException("boom"));
        m.ExpectObservable(source).ToBe("-a-#", error: new InvalidOperationException("boom"));

        m.Run();
    }

    [Fact]
    public void ToBe_ErrorOfAnotherType_Fails()
    {
        var m = new MarbleTest();
        m.ExpectObservable(m.Cold("#", new InvalidOperationException("boom"))).ToBe("#", error: new ArgumentException("boom"));

        var error = Assert.Throws<MarbleAssertionException>(m.Run);

        Assert.Contains("expected: OnError(ArgumentException: boom)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToBe_DefaultErrorsOnBothSides_Match()
    {
        var m = new MarbleTest();
        m.ExpectObservable(m.Cold("--#")).ToBe("--#");

        m.Run();
    }

    [Fact]
    public void ToBe_ErrorPredicate_MatchesWhatItAccepts()
    {
        var m = new MarbleTest();
        m.ExpectObservable(m.Cold("-#", new TimeoutException("late"))).ToBe("-#", null, e => e is TimeoutException);

        m.Run();
    }

    [Fact]
    public void ToBe_ErrorPredicateThatRejects_Fails()
    {
        var m = new MarbleTest();
        m.ExpectObservable(m.Cold("-#")).ToBe("-#", null, e => e is TimeoutException);

        var error = Assert.Throws<MarbleAssertionException>(m.Run);

        Assert.Contains("expected: OnError(an exception matching the predicate)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToBe_ListsCompareByElements()
    {
        var m = new MarbleTest();
        var source = m.Cold("-a|", new Dictionary<char, int[]> { ['a'] = [1, 2] });
        m.ExpectObservable(source.Select(x => (IList<int>)[.. x])).ToBe("-a|", new Dictionary<char, IList<int>> { ['a'] = [1, 2] });

        m.Run();
    }

    [Fact]
    public void Time_IsTheFrameOfTheCompletion() => Assert.Equal(TimeSpan.FromMilliseconds(3), MarbleTest.Time("---|"));

    [Fact]
    public void Time_WithoutCompletion_Throws() =>
        Assert.Equal(5, Assert.Throws<MarbleSyntaxException>(() => MarbleTest.Time("----")).Column);

    [Fact]
    public void Run_ExpectationWithoutToBe_Throws()
    {
        var m = new MarbleTest();
        m.ExpectObservable(m.Cold("a|"));

        var error = Assert.Throws<InvalidOperationException>(m.Run);

        Assert.Equal("Expectation 1 of 1 has no ToBe: say what is expected before calling Run.", error.Message);
    }

    [Fact]
    public void Run_Twice_Throws()
    {
        var m = new MarbleTest();
        m.Run();

        Assert.Throws<InvalidOperationException>(m.Run);
        Assert.Throws<InvalidOperationException>(() => m.ExpectObservable(Observable.Never<int>()));
    }

    [Fact]
    public void ToBe_Twice_Throws()
    {
        var m = new MarbleTest();
        var expectation = m.ExpectObservable(m.Cold("a|"));
        expectation.ToBe("a|");

        Assert.Throws<InvalidOperationException>(() => expectation.ToBe("a|"));
    }

    [Fact]
    public void CompatibleModeScheduler_RunsWorkDueNowATickLater_AndComparesByFrame()
    {
        var scheduler = new TestScheduler();
        var m = new MarbleTest(scheduler);
        var source = m.Cold("a-b|");

        // Return on the scheduler emits one tick after each value: still in the value's frame.
        m.ExpectObservable(source.SelectMany(c => Observable.Return(char.ToUpperInvariant(c), m.Scheduler))).ToBe("A-B|");
        m.ExpectSubscriptions(source.Subscriptions).ToBe("^--!");
        m.Run();

        Assert.Equal((3 * MarbleDiagram.TicksPerFrame) + 1, scheduler.Clock);
    }

    [Fact]
    public void CompatibleModeScheduler_AnEventInTheWrongFrame_StillFails()
    {
        var m = new MarbleTest(new TestScheduler());
        m.ExpectObservable(m.Cold("a-b|")).ToBe("a--b|");

        var error = Assert.Throws<MarbleAssertionException>(m.Run);

        Assert.Contains("First difference, at frame 2:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_SharedScheduler_IsUsed()
    {
        var scheduler = new TestScheduler(TestSchedulerMode.Marble);
        var m = new MarbleTest(scheduler);
        m.ExpectObservable(m.Cold("--a|")).ToBe("--a|");

        m.Run();

        Assert.Same(scheduler, m.Scheduler);
        Assert.Equal(3 * MarbleDiagram.TicksPerFrame, scheduler.Clock);
    }

    [Fact]
    public void ExpectObservable_MalformedSubscriptionDiagram_ThrowsAtOnce()
    {
        var m = new MarbleTest();

        Assert.Throws<MarbleSyntaxException>(() => m.ExpectObservable(m.Cold("a|"), "^-a"));
    }

    [Fact]
    public void ToBe_CaretInTheExpectedDiagram_ThrowsAtOnce()
    {
        var m = new MarbleTest();

        Assert.Throws<MarbleSyntaxException>(() => m.ExpectObservable(m.Cold("a|")).ToBe("^a|"));
    }

    [Fact]
    public void ArgumentChecking()
    {
        var m = new MarbleTest();

        Assert.Throws<ArgumentNullException>("scheduler", () => new MarbleTest(null!));
        Assert.Throws<ArgumentNullException>("marbles", () => m.Cold(null!));
        Assert.Throws<ArgumentNullException>("marbles", () => m.Cold<int>(null!));
        Assert.Throws<ArgumentNullException>("marbles", () => m.Hot(null!));
        Assert.Throws<ArgumentNullException>("marbles", () => m.Hot<int>(null!));
        Assert.Throws<ArgumentNullException>("source", () => m.ExpectObservable<int>(null!));
        Assert.Throws<ArgumentNullException>("subscriptions", () => m.ExpectSubscriptions(null!));
        Assert.Throws<ArgumentNullException>("marbles", () => m.ExpectObservable(m.Cold("a|")).ToBe(null!));
        Assert.Throws<ArgumentNullException>("errorMatches", () => m.ExpectObservable(m.Cold("a|")).ToBe("a|", null, (Func<Exception, bool>)null!));
        Assert.Throws<ArgumentNullException>("marbles", () => m.ExpectSubscriptions([]).ToBe(null!));
        Assert.Throws<ArgumentNullException>("marbles", () => MarbleTest.Time(null!));
    }
}
