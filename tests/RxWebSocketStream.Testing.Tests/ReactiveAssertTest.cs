using System.Reactive.Linq;

namespace RxWebSocketStream.Testing.Tests;

public sealed class ReactiveAssertTest : ReactiveTest
{
    private static readonly IEnumerable<int> NullEnumerable = null!;
    private static readonly IObservable<int> NullObservable = null!;
    private static readonly Action NullAction = null!;

    [Fact]
    public void AreElementsEqual_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>("expected", () => ReactiveAssert.AreElementsEqual(NullEnumerable, [1]));
        Assert.Throws<ArgumentNullException>("actual", () => ReactiveAssert.AreElementsEqual([1], NullEnumerable));
        Assert.Throws<ArgumentNullException>("expected", () => ReactiveAssert.AreElementsEqual(NullEnumerable, [1], "m"));
        Assert.Throws<ArgumentNullException>("actual", () => ReactiveAssert.AreElementsEqual([1], NullEnumerable, "m"));
        Assert.Throws<ArgumentNullException>("expected", () => ReactiveAssert.AreElementsEqual(NullObservable, Observable.Empty<int>()));
        Assert.Throws<ArgumentNullException>("actual", () => ReactiveAssert.AreElementsEqual(Observable.Empty<int>(), NullObservable));
        Assert.Throws<ArgumentNullException>("expected", () => ReactiveAssert.AreElementsEqual(NullObservable, Observable.Empty<int>(), "m"));
        Assert.Throws<ArgumentNullException>("actual", () => ReactiveAssert.AreElementsEqual(Observable.Empty<int>(), NullObservable, "m"));
    }

    [Fact]
    public void AssertEqual_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>("actual", () => NullEnumerable.AssertEqual([1]));
        Assert.Throws<ArgumentNullException>("expected", () => new[] { 1 }.AssertEqual(NullEnumerable));
        Assert.Throws<ArgumentNullException>("actual", () => NullEnumerable.AssertEqual(1, 2));
        Assert.Throws<ArgumentNullException>("expected", () => new[] { 1 }.AssertEqual((int[])null!));
        Assert.Throws<ArgumentNullException>("actual", () => NullObservable.AssertEqual(Observable.Empty<int>()));
        Assert.Throws<ArgumentNullException>("expected", () => Observable.Empty<int>().AssertEqual(NullObservable));
    }

    [Fact]
    public void Throws_NullArguments_Throw()
    {
        var error = new InvalidOperationException();
        Assert.Throws<ArgumentNullException>("action", () => ReactiveAssert.Throws<InvalidOperationException>(NullAction));
        Assert.Throws<ArgumentNullException>("action", () => ReactiveAssert.Throws<InvalidOperationException>(NullAction, "m"));
        Assert.Throws<ArgumentNullException>("action", () => ReactiveAssert.Throws(error, NullAction));
        Assert.Throws<ArgumentNullException>("action", () => ReactiveAssert.Throws(error, NullAction, "m"));
        Assert.Throws<ArgumentNullException>("exception", () => ReactiveAssert.Throws((InvalidOperationException)null!, () => { }));
        Assert.Throws<ArgumentNullException>("exception", () => ReactiveAssert.Throws((InvalidOperationException)null!, () => { }, "m"));
    }

    [Fact]
    public void AreElementsEqual_EqualSequences_Passes()
    {
        ReactiveAssert.AreElementsEqual([1, 2, 3], new List<int> { 1, 2, 3 });
        ReactiveAssert.AreElementsEqual(Array.Empty<int>(), Enumerable.Empty<int>(), "message");
    }

    [Fact]
    public void AreElementsEqual_DifferentElement_ListsOneElementPerLineAndMarksTheFirstDifference()
    {
        var error = Assert.Throws<ReactiveAssertException>(() =>
            ReactiveAssert.AreElementsEqual([OnNext(210, 1), OnNext(220, 2), OnCompleted<int>(230)], [OnNext(210, 1), OnNext(220, 5), OnCompleted<int>(230)]));

        Assert.Equal(
            Lines(
                "Sequences differ at index 1 (expected 3 elements, actual 3).",
                "Expected:",
                "    [0] OnNext(1)@210",
                "  > [1] OnNext(2)@220",
                "    [2] OnCompleted()@230",
                "Actual:",
                "    [0] OnNext(1)@210",
                "  > [1] OnNext(5)@220",
                "    [2] OnCompleted()@230"),
            error.Message);
    }

    [Fact]
    public void AreElementsEqual_ActualShorter_MarksWhereItEnded()
    {
        var error = Assert.Throws<ReactiveAssertException>(() => ReactiveAssert.AreElementsEqual([1, 2], [1]));

        Assert.Equal(
            Lines(
                "Sequences differ at index 1 (expected 2 elements, actual 1).",
                "Expected:",
                "    [0] 1",
                "  > [1] 2",
                "Actual:",
                "    [0] 1",
                "  > (end)"),
            error.Message);
    }

    [Fact]
    public void AreElementsEqual_ActualLongerThanAnEmptyExpectation_SaysEmpty()
    {
        var error = Assert.Throws<ReactiveAssertException>(() => ReactiveAssert.AreElementsEqual([], new[] { "x" }));

        Assert.Equal(
            Lines(
                "Sequences differ at index 0 (expected 0 elements, actual 1).",
                "Expected: (empty)",
                "Actual:",
                "  > [0] x"),
            error.Message);
    }

    [Fact]
    public void AreElementsEqual_WithMessage_ShowsTheMessageFirst()
    {
        var error = Assert.Throws<ReactiveAssertException>(() => ReactiveAssert.AreElementsEqual([1], [2], "values after the reconnect"));

        Assert.StartsWith("values after the reconnect" + Environment.NewLine + "Sequences differ at index 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AreElementsEqual_SideEffectingSequence_IsEnumeratedOnce()
    {
        var enumerations = 0;
        IEnumerable<int> Actual()
        {
            enumerations++;
            yield return 2;
        }

        Assert.Throws<ReactiveAssertException>(() => ReactiveAssert.AreElementsEqual([1], Actual()));
        Assert.Equal(1, enumerations);
    }

    [Fact]
    public void AreElementsEqual_Observables_PassWhenNotificationsMatch()
    {
        var error = new InvalidOperationException();

        ReactiveAssert.AreElementsEqual(Observable.Range(1, 3), new[] { 1, 2, 3 }.ToObservable());
        ReactiveAssert.AreElementsEqual(Observable.Return(1).Concat(Observable.Throw<int>(error)), Observable.Throw<int>(error).StartWith(1), "m");
    }

    [Fact]
    public void AreElementsEqual_Observables_FailOnAnotherValueOrTermination()
    {
        var values = Assert.Throws<ReactiveAssertException>(() => ReactiveAssert.AreElementsEqual(Observable.Range(1, 2), Observable.Range(1, 3)));
        var termination = Assert.Throws<ReactiveAssertException>(() =>
            ReactiveAssert.AreElementsEqual(Observable.Empty<int>(), Observable.Throw<int>(new InvalidOperationException()), "ends"));

        Assert.Contains("  > [2] OnNext(3)", values.Message, StringComparison.Ordinal);
        Assert.Contains("  > [0] OnError(System.InvalidOperationException)", termination.Message, StringComparison.Ordinal);
        Assert.StartsWith("ends", termination.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AreElementsEqual_ObservablesFailingWithEqualLookingExceptions_Fails() =>
        Assert.Throws<ReactiveAssertException>(() =>
            ReactiveAssert.AreElementsEqual(Observable.Throw<int>(new InvalidOperationException("x")), Observable.Throw<int>(new InvalidOperationException("x"))));

    [Fact]
    public void AssertEqual_Enumerable_ComparesActualWithExpected()
    {
        new List<int> { 1, 2 }.AssertEqual(new[] { 1, 2 });
        var error = Assert.Throws<ReactiveAssertException>(() => new List<int> { 1, 3 }.AssertEqual(new[] { 1, 2 }));

        Assert.Contains("Expected:" + Environment.NewLine + "    [0] 1" + Environment.NewLine + "  > [1] 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AssertEqual_Params_ComparesActualWithTheListedElements()
    {
        new List<int> { 1, 2 }.AssertEqual(1, 2);
        new List<int>().AssertEqual();
        Assert.Throws<ReactiveAssertException>(() => new List<int> { 1, 2 }.AssertEqual(1));
    }

    [Fact]
    public void AssertEqual_Observable_ComparesActualWithExpected()
    {
        Observable.Range(1, 2).AssertEqual(Observable.Range(1, 2));
        Assert.Throws<ReactiveAssertException>(() => Observable.Range(1, 2).AssertEqual(Observable.Range(2, 2)));
    }

    [Fact]
    public void Throws_ExpectedType_Passes() =>
        ReactiveAssert.Throws<InvalidOperationException>(() => throw new InvalidOperationException());

    [Fact]
    public void Throws_Subtype_Passes() =>
        ReactiveAssert.Throws<ArgumentException>(() => throw new ArgumentNullException("x"));

    [Fact]
    public void Throws_NothingThrown_FailsSayingSo()
    {
        var error = Assert.Throws<ReactiveAssertException>(() => ReactiveAssert.Throws<InvalidOperationException>(() => { }));

        Assert.Equal("Expected InvalidOperationException, but no exception was thrown.", error.Message);
        Assert.Null(error.InnerException);
    }

    [Fact]
    public void Throws_AnotherType_FailsNamingBothAndKeepsTheThrownOne()
    {
        var thrown = new TimeoutException("too slow");

        var error = Assert.Throws<ReactiveAssertException>(() => ReactiveAssert.Throws<InvalidOperationException>(() => throw thrown));

        Assert.Equal("Expected InvalidOperationException, but TimeoutException was thrown: too slow", error.Message);
        Assert.Same(thrown, error.InnerException);
    }

    [Fact]
    public void Throws_WithMessage_PassesOnTheExpectedType_AndShowsTheMessageFirstOnFailure()
    {
        ReactiveAssert.Throws<InvalidOperationException>(() => throw new InvalidOperationException(), "close must throw");

        var nothing = Assert.Throws<ReactiveAssertException>(() => ReactiveAssert.Throws<InvalidOperationException>(() => { }, "close must throw"));
        var other = Assert.Throws<ReactiveAssertException>(() => ReactiveAssert.Throws<InvalidOperationException>(() => throw new TimeoutException(), "close must throw"));

        Assert.StartsWith("close must throw" + Environment.NewLine + "Expected InvalidOperationException, but no exception", nothing.Message, StringComparison.Ordinal);
        Assert.StartsWith("close must throw" + Environment.NewLine + "Expected InvalidOperationException, but TimeoutException", other.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Throws_Instance_PassesOnlyForThatVeryInstance()
    {
        var expected = new InvalidOperationException("this one");

        ReactiveAssert.Throws(expected, () => throw expected);
        var another = Assert.Throws<ReactiveAssertException>(() => ReactiveAssert.Throws(expected, () => throw new InvalidOperationException("that one")));

        Assert.Equal("Expected the very InvalidOperationException instance (this one), but another instance was thrown: that one", another.Message);
    }

    [Fact]
    public void Throws_Instance_FailsWhenNothingOrAnotherTypeIsThrown()
    {
        var expected = new InvalidOperationException();

        Assert.Throws<ReactiveAssertException>(() => ReactiveAssert.Throws(expected, () => { }));
        Assert.Throws<ReactiveAssertException>(() => ReactiveAssert.Throws(expected, () => throw new TimeoutException()));
    }

    [Fact]
    public void Throws_InstanceWithMessage_ShowsTheMessageFirstOnFailure()
    {
        var expected = new InvalidOperationException();
        ReactiveAssert.Throws(expected, () => throw expected, "m");

        var error = Assert.Throws<ReactiveAssertException>(() => ReactiveAssert.Throws(expected, () => throw new InvalidOperationException(), "the stored error"));

        Assert.StartsWith("the stored error" + Environment.NewLine + "Expected the very InvalidOperationException", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Kit_DoesNotDependOnATestFramework()
    {
        var references = typeof(ReactiveAssert).Assembly.GetReferencedAssemblies().Select(name => name.Name ?? string.Empty);

        Assert.DoesNotContain(references, name => name.StartsWith("xunit", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(typeof(Exception), typeof(ReactiveAssertException).BaseType);
    }

    private static string Lines(params string[] lines) => string.Join(Environment.NewLine, lines);
}
