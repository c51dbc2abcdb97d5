using System.Reactive.Linq;

namespace RxWebSocketStream.Testing.Tests;

/// <summary>The six <see cref="ReactiveAssert"/> overloads that take an <see cref="IEqualityComparer{T}"/>, as Rx.NET 6's Microsoft.Reactive.Testing has them.</summary>
public sealed class ReactiveAssertComparerTest
{
    private static readonly IEnumerable<string> NullEnumerable = null!;
    private static readonly IObservable<string> NullObservable = null!;
    private static readonly IEqualityComparer<string> NullComparer = null!;
    private static readonly IEqualityComparer<string> IgnoreCase = StringComparer.OrdinalIgnoreCase;

    [Fact]
    public void ComparerOverloads_NullArguments_Throw()
    {
        string[] some = ["a"];
        var empty = Observable.Empty<string>();
        Assert.Throws<ArgumentNullException>("expected", () => ReactiveAssert.AreElementsEqual(NullEnumerable, some, IgnoreCase));
        Assert.Throws<ArgumentNullException>("actual", () => ReactiveAssert.AreElementsEqual(some, NullEnumerable, IgnoreCase, "m"));
        Assert.Throws<ArgumentNullException>("comparer", () => ReactiveAssert.AreElementsEqual(some, some, NullComparer));
        Assert.Throws<ArgumentNullException>("comparer", () => ReactiveAssert.AreElementsEqual(some, some, NullComparer, "m"));
        Assert.Throws<ArgumentNullException>("expected", () => ReactiveAssert.AreElementsEqual(NullObservable, empty, IgnoreCase));
        Assert.Throws<ArgumentNullException>("actual", () => ReactiveAssert.AreElementsEqual(empty, NullObservable, IgnoreCase, "m"));
        Assert.Throws<ArgumentNullException>("comparer", () => ReactiveAssert.AreElementsEqual(empty, empty, NullComparer));
        Assert.Throws<ArgumentNullException>("comparer", () => ReactiveAssert.AreElementsEqual(empty, empty, NullComparer, "m"));
        Assert.Throws<ArgumentNullException>("actual", () => NullEnumerable.AssertEqual(some, IgnoreCase));
        Assert.Throws<ArgumentNullException>("expected", () => some.AssertEqual(NullEnumerable, IgnoreCase));
        Assert.Throws<ArgumentNullException>("comparer", () => some.AssertEqual(some, NullComparer));
        Assert.Throws<ArgumentNullException>("actual", () => NullObservable.AssertEqual(empty, IgnoreCase));
        Assert.Throws<ArgumentNullException>("expected", () => empty.AssertEqual(NullObservable, IgnoreCase));
        Assert.Throws<ArgumentNullException>("comparer", () => empty.AssertEqual(empty, NullComparer));
    }

    [Fact]
    public void AreElementsEqual_Enumerables_ElementsEqualByTheComparer_Pass()
    {
        ReactiveAssert.AreElementsEqual(["A", "b"], ["a", "B"], IgnoreCase);
        ReactiveAssert.AreElementsEqual(["A", "b"], ["a", "B"], IgnoreCase, "message");
        new[] { "a", "B" }.AssertEqual(["A", "b"], IgnoreCase);
    }

    [Fact]
    public void AreElementsEqual_Enumerables_TheComparerDecides_NotDefaultEquality()
    {
        // Without the comparer these differ; with one that finds nothing equal, even equal strings differ.
        Assert.Throws<ReactiveAssertException>(() => ReactiveAssert.AreElementsEqual(["A"], ["a"]));
        Assert.Throws<ReactiveAssertException>(() => ReactiveAssert.AreElementsEqual(["a"], ["a"], new NothingEqual()));
    }

    [Fact]
    public void AreElementsEqual_Enumerables_TheExpectedElementIsTheFirstArgument()
    {
        var comparer = new RecordingComparer();

        ReactiveAssert.AreElementsEqual(["e1", "e2"], ["a1", "a2"], comparer);

        Assert.Equal([("e1", "a1"), ("e2", "a2")], comparer.Calls);
    }

    [Fact]
    public void AreElementsEqual_Enumerables_Mismatch_MarksTheFirstDifferenceTheComparerSees()
    {
        var error = Assert.Throws<ReactiveAssertException>(() => ReactiveAssert.AreElementsEqual(["A", "b", "c"], ["a", "B", "x"], IgnoreCase, "custom"));

        Assert.Equal(
            Lines(
                "custom",
                "Sequences differ at index 2 (expected 3 elements, actual 3).",
                "Expected:",
                "    [0] A",
                "    [1] b",
                "  > [2] c",
                "Actual:",
                "    [0] a",
                "    [1] B",
                "  > [2] x"),
            error.Message);
    }

    [Fact]
    public void AreElementsEqual_Enumerables_DifferentLengths_Fail() =>
        Assert.Throws<ReactiveAssertException>(() => ReactiveAssert.AreElementsEqual(["a"], ["a", "b"], IgnoreCase));

    [Fact]
    public void AreElementsEqual_Observables_ValuesEqualByTheComparerAndSameEnding_Pass()
    {
        var error = new InvalidOperationException("boom");

        ReactiveAssert.AreElementsEqual(Observable.Return("A"), Observable.Return("a"), IgnoreCase);
        ReactiveAssert.AreElementsEqual(Fails("A", error), Fails("a", error), IgnoreCase, "message");
        Observable.Return("a").AssertEqual(Observable.Return("A"), IgnoreCase);
    }

    [Fact]
    public void AreElementsEqual_Observables_TheComparerSeesValuesOnly_ExpectedFirst()
    {
        var comparer = new RecordingComparer();

        ReactiveAssert.AreElementsEqual(new[] { "e1", "e2" }.ToObservable(), new[] { "a1", "a2" }.ToObservable(), comparer);

        Assert.Equal([("e1", "a1"), ("e2", "a2")], comparer.Calls);
    }

    [Theory]
    [InlineData("value")]
    [InlineData("another error instance")]
    [InlineData("error instead of completion")]
    [InlineData("shorter")]
    public void AreElementsEqual_Observables_Differences_Fail(string difference)
    {
        var error = new InvalidOperationException("boom");
        var (expected, actual) = difference switch
        {
            "value" => (Observable.Return("a"), Observable.Return("b")),
            "another error instance" => (Fails("a", error), Fails("a", new InvalidOperationException("boom"))),
            "error instead of completion" => (Observable.Return("a"), Fails("a", error)),
            _ => (new[] { "a", "b" }.ToObservable(), Observable.Return("a")),
        };

        Assert.Throws<ReactiveAssertException>(() => ReactiveAssert.AreElementsEqual(expected, actual, IgnoreCase));
        Assert.Throws<ReactiveAssertException>(() => actual.AssertEqual(expected, IgnoreCase));
    }

    private static IObservable<string> Fails(string value, Exception error) => Observable.Return(value).Concat(Observable.Throw<string>(error));

    private static string Lines(params string[] lines) => string.Join(Environment.NewLine, lines);

    private sealed class NothingEqual : IEqualityComparer<string>
    {
        public bool Equals(string? x, string? y) => false;

        public int GetHashCode(string obj) => 0;
    }

    private sealed class RecordingComparer : IEqualityComparer<string>
    {
        public List<(string?, string?)> Calls { get; } = [];

        public bool Equals(string? x, string? y)
        {
            Calls.Add((x, y));
            return true;
        }

        public int GetHashCode(string obj) => 0;
    }
}
