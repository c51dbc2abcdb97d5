using System.Reactive;

// A compatibility claim: tests/RxWebSocketStream.Testing.Differential compiles this file again against
// Microsoft.Reactive.Testing 3.1.1, so every test here must pass with either kit.
#if MICROSOFT_ORACLE
using Microsoft.Reactive.Testing;

namespace CompatibilityOnMicrosoftKit;
#else
namespace RxWebSocketStream.Testing.Tests;
#endif

/// <summary>
/// A predicate notification is an expectation: it is applied from the expected side to the actual
/// notification, never the other way round (as in Microsoft.Reactive.Testing).
/// </summary>
public sealed class PredicateNotificationTest : ReactiveTest
{
    [Fact]
    public void Equals_ExpectedPredicateOnTheLeft_IsAppliedToTheActualValue()
    {
        var seen = new List<string>();
        var expected = OnNext<string>(210, s => { seen.Add(s); return s.StartsWith("he", StringComparison.Ordinal); });

        Assert.True(expected.Equals(OnNext(210, "hello")));
        Assert.Equal(["hello"], seen);
    }

    [Fact]
    public void Equals_ExpectedErrorPredicate_ReceivesTheActualException()
    {
        var error = new TimeoutException();
        var seen = default(Exception);
        var expected = OnError<int>(300, e => { seen = e; return true; });

        Assert.True(expected.Equals(OnError<int>(300, error)));
        Assert.Same(error, seen);
    }

    [Fact]
    public void Equals_WrongWayRound_ThrowsInsteadOfPassing()
    {
        var predicateCalls = 0;
        var expectedNext = OnNext<int>(210, _ => ++predicateCalls > 0);
        var expectedError = OnError<int>(210, _ => ++predicateCalls > 0);

        Assert.Throws<NotSupportedException>(() => OnNext(210, 42).Equals(expectedNext));
        Assert.Throws<NotSupportedException>(() => OnError<int>(210, new InvalidOperationException()).Equals(expectedError));
        Assert.Equal(0, predicateCalls);
    }

    [Fact]
    public void AssertEqual_PredicateThatThrowsWhenAppliedTheWrongWayRound_Passes()
    {
        var scheduler = new TestScheduler();
        var xs = scheduler.CreateHotObservable(OnNext(210, "hello"), OnCompleted<string>(250));
        var expected = new[] { OnNext<string>(210, s => s.Length == 5), OnCompleted<string>(250) };

        var res = scheduler.Start(() => xs);

        res.Messages.AssertEqual(expected);
        ReactiveAssert.AreElementsEqual(expected, res.Messages);
        Assert.Throws<NotSupportedException>(() => ReactiveAssert.AreElementsEqual(res.Messages, expected));
    }

    [Fact]
    public void Equals_ActualOfAnotherKind_IsFalseWithoutCallingThePredicate()
    {
        var expected = OnNext<int>(210, _ => throw new InvalidOperationException("must not be called"));

        Assert.False(expected.Equals(OnCompleted<int>(210)));
        Assert.False(expected.Equals(OnError<int>(210, new InvalidOperationException())));
    }
}
