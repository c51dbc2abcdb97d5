using System.Reactive.Linq;

namespace RxWebSocketStream.Testing.Tests.Marbles;

/// <summary>The failure report is what users read all day: its exact text is part of the contract.</summary>
public sealed class MarbleTestFailureTests
{
    [Fact]
    public void Run_WrongValue_ShowsBothDiagramsAlignedAndTheFirstDifference()
    {
        var m = new MarbleTest();
        var source = m.Cold("-a--b--|");
        m.ExpectObservable(source).ToBe("-a--c--|");

        var error = Assert.Throws<MarbleAssertionException>(m.Run);

        AssertText(
            """
            Marble expectation failed: ExpectObservable(...).ToBe("-a--c--|")

              expected: -a--c--|
              actual:   -a--b--|

            First difference, at frame 4:
              expected: OnNext('c')
              actual:   OnNext('b')
            """,
            error.Message);
    }

    [Fact]
    public void Run_NamedExpectation_NamesItInTheReport()
    {
        var m = new MarbleTest();
        var source = m.Cold("-a|");
        m.ExpectObservable(source, name: "closed.marble:4").ToBe("-b|");

        var error = Assert.Throws<MarbleAssertionException>(m.Run);

        Assert.StartsWith("Marble expectation failed: ExpectObservable(closed.marble:4).ToBe(\"-b|\")", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ValueMissingFromTheValuesMap_GetsAFreshLetterInTheLegend()
    {
        var m = new MarbleTest();
        var source = m.Cold("-a-b|", new Dictionary<char, int> { ['a'] = 1, ['b'] = 2 });
        m.ExpectObservable(source.Select(x => x * 10)).ToBe("-a-b|", new Dictionary<char, int> { ['a'] = 10, ['b'] = 30 });

        var error = Assert.Throws<MarbleAssertionException>(m.Run);

        AssertText(
            """
            Marble expectation failed: ExpectObservable(...).ToBe("-a-b|")

              expected: -a-b|
              actual:   -a-c|
              values:   a = 10, b = 30, c = 20

            First difference, at frame 3:
              expected: OnNext(30)
              actual:   OnNext(20)
            """,
            error.Message);
    }

    [Fact]
    public void Run_EarlyCompletion_SaysNothingWasExpectedThen()
    {
        var m = new MarbleTest();
        var source = m.Cold("-a-|");
        m.ExpectObservable(source).ToBe("-a---b|");

        var error = Assert.Throws<MarbleAssertionException>(m.Run);

        AssertText(
            """
            Marble expectation failed: ExpectObservable(...).ToBe("-a---b|")

              expected: -a---b|
              actual:   -a-|

            First difference, at frame 3:
              expected: nothing
              actual:   OnCompleted()
            """,
            error.Message);
    }

    [Fact]
    public void Run_ErrorWithAnotherMessage_ShowsTypeAndMessageAndTheSubscription()
    {
        var m = new MarbleTest();
        var source = m.Cold("-a--#", new InvalidOperationException("boom"));
        m.ExpectObservable(source, "^-----!").ToBe("-a--#", error: new InvalidOperationException("bang"));

        var error = Assert.Throws<MarbleAssertionException>(m.Run);

        AssertText(
            """
            Marble expectation failed: ExpectObservable(...).ToBe("-a--#")

              expected:   -a--#
              actual:     -a--#
              subscribed: ^-----!

            First difference, at frame 4:
              expected: OnError(InvalidOperationException: bang)
              actual:   OnError(InvalidOperationException: boom)
            """,
            error.Message);
    }

    [Fact]
    public void Run_LongDiagrams_ShareTheirTimeProgressions()
    {
        var m = new MarbleTest();
        var source = m.Cold("a 1m -b|");
        m.ExpectObservable(source).ToBe("a 1m b|");

        var error = Assert.Throws<MarbleAssertionException>(m.Run);

        AssertText(
            """
            Marble expectation failed: ExpectObservable(...).ToBe("a 1m b|")

              expected: a 1m b|
              actual:   a 1m -b|

            First difference, at frame 60001:
              expected: OnNext('b')
              actual:   nothing
            """,
            error.Message);
    }

    [Fact]
    public void Run_EventInsideAGroupWidth_AddsTheExactEventList()
    {
        var m = new MarbleTest();
        var source = m.Cold("--(ab)|").Merge(m.Cold("---c|"));
        m.ExpectObservable(source).ToBe("--(ab)c|");

        var error = Assert.Throws<MarbleAssertionException>(m.Run);

        AssertText(
            """
            Marble expectation failed: ExpectObservable(...).ToBe("--(ab)c|")

              expected: --(ab)c|
              actual:   --(ab)c|

            The actual diagram is approximate: events inside the width of a group (or between frames) are drawn in the next free frame.
            Actual events: OnNext('a') at frame 2, OnNext('b') at frame 2, OnNext('c') at frame 3, OnCompleted() at frame 6.

            First difference, at frame 3:
              expected: nothing
              actual:   OnNext('c')
            """,
            error.Message);
    }

    [Fact]
    public void Run_WrongSubscriptions_ShowsEachSubscriptionOnItsOwnLine()
    {
        var m = new MarbleTest();
        var source = m.Hot("-a-^-b--c|");
        m.ExpectObservable(source.Take(2)).ToBe("--b--(c|)");
        m.ExpectSubscriptions(source.Subscriptions).ToBe("^-------!", "--^--!");

        var error = Assert.Throws<MarbleAssertionException>(m.Run);

        AssertText(
            """
            Marble expectation failed: ExpectSubscriptions(...).ToBe("^-------!", "--^--!")

              expected: ^-------!
                        --^--!
              actual:   ^----!

            First difference, subscription 1 of 2:
              expected: subscribed at frame 0, unsubscribed at frame 8
              actual:   subscribed at frame 0, unsubscribed at frame 5
            """,
            error.Message);
    }

    [Fact]
    public void Run_SeveralFailures_ReportsThemAll()
    {
        var m = new MarbleTest();
        m.ExpectObservable(m.Cold("a|")).ToBe("b|");
        m.ExpectObservable(m.Cold("a|")).ToBe("a|");
        m.ExpectObservable(m.Cold("|")).ToBe("-|");

        var error = Assert.Throws<MarbleAssertionException>(m.Run);

        AssertText(
            """
            2 of 3 marble expectations failed.

            Marble expectation failed: ExpectObservable(...).ToBe("b|")

              expected: b|
              actual:   a|

            First difference, at frame 0:
              expected: OnNext('b')
              actual:   OnNext('a')

            Marble expectation failed: ExpectObservable(...).ToBe("-|")

              expected: -|
              actual:   |

            First difference, at frame 0:
              expected: nothing
              actual:   OnCompleted()
            """,
            error.Message);
    }

    private static void AssertText(string expected, string actual) => Assert.Equal(expected.ReplaceLineEndings("\n"), actual);
}
