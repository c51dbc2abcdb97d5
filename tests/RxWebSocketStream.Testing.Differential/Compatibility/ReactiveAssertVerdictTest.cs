using System.Reactive.Linq;
using Ms = Microsoft.Reactive.Testing;
using Ours = RxWebSocketStream.Testing;

namespace RxWebSocketStream.Testing.Differential.Compatibility;

/// <summary>
/// <c>ReactiveAssert</c> passes and fails exactly where Microsoft's does: each case makes the same recordings with
/// each kit's factories and asks each kit's assertion. Failures differ only in exception type and message
/// (docs/testing-kit-compatibility.md); the verdict is the same.
/// </summary>
public sealed class ReactiveAssertVerdictTest
{
    private static readonly InvalidOperationException Boom = new("boom");

    /// <summary>Expected and actual recordings, with the kit's <c>OnNext</c>, <c>OnNext(predicate)</c>, <c>OnError</c>, <c>OnError(predicate)</c> and <c>OnCompleted</c>.</summary>
    private static readonly Dictionary<string, (Func<IFactories, object[]> Expected, Func<IFactories, object[]> Actual)> Sequences = new()
    {
        ["equal"] = (f => [f.Next(210, 1), f.Completed(250)], f => [f.Next(210, 1), f.Completed(250)]),
        ["other value"] = (f => [f.Next(210, 1)], f => [f.Next(210, 2)]),
        ["other time"] = (f => [f.Next(210, 1)], f => [f.Next(211, 1)]),
        ["shorter"] = (f => [f.Next(210, 1), f.Completed(250)], f => [f.Next(210, 1)]),
        ["longer"] = (f => [f.Next(210, 1)], f => [f.Next(210, 1), f.Completed(250)]),
        ["both empty"] = (_ => [], _ => []),
        ["predicate matches"] = (f => [f.NextWhere(210, x => x > 0)], f => [f.Next(210, 1)]),
        ["predicate does not match"] = (f => [f.NextWhere(210, x => x > 5)], f => [f.Next(210, 1)]),
        ["predicate at another time"] = (f => [f.NextWhere(210, _ => true)], f => [f.Next(220, 1)]),
        ["same error instance"] = (f => [f.Error(230, Boom)], f => [f.Error(230, Boom)]),
        ["equal error, other instance"] = (f => [f.Error(230, Boom)], f => [f.Error(230, new InvalidOperationException("boom"))]),
        ["error predicate matches"] = (f => [f.ErrorWhere(230, e => e.Message == "boom")], f => [f.Error(230, new InvalidOperationException("boom"))]),
        ["error predicate does not match"] = (f => [f.ErrorWhere(230, e => e is ArgumentException)], f => [f.Error(230, Boom)]),
        ["completion for a value"] = (f => [f.Completed(210)], f => [f.Next(210, 1)]),
    };

    public static TheoryData<string> SequenceCases => [.. Sequences.Keys];

    [Theory]
    [MemberData(nameof(SequenceCases))]
    public void AreElementsEqualAndAssertEqual_SameVerdictAsMicrosoft(string name)
    {
        var (expected, actual) = Sequences[name];
        var ours = new OurFactories();
        var microsoft = new MicrosoftFactories();

        Assert.Equal(
            Verdicts(() => ours.Check(expected(ours), actual(ours))),
            Verdicts(() => microsoft.Check(expected(microsoft), actual(microsoft))));
    }

    public static TheoryData<string> ObservableCases => ["equal", "other value", "shorter", "same error", "other error instance", "error for completion"];

    [Theory]
    [MemberData(nameof(ObservableCases))]
    public void AreElementsEqual_Observables_SameVerdictAsMicrosoft(string name)
    {
        var (expected, actual) = name switch
        {
            "equal" => (Observable.Range(1, 3), Observable.Range(1, 3)),
            "other value" => (Observable.Range(1, 3), Observable.Range(2, 3)),
            "shorter" => (Observable.Range(1, 3), Observable.Range(1, 2)),
            "same error" => (Observable.Throw<int>(Boom), Observable.Throw<int>(Boom)),
            "other error instance" => (Observable.Throw<int>(Boom), Observable.Throw<int>(new InvalidOperationException("boom"))),
            _ => (Observable.Empty<int>(), Observable.Throw<int>(Boom)),
        };

        Assert.Equal(
            Verdicts(() => Ours.ReactiveAssert.AreElementsEqual(expected, actual), () => Ours.ReactiveAssert.AssertEqual(actual, expected), () => Ours.ReactiveAssert.AreElementsEqual(expected, actual, "m")),
            Verdicts(() => Ms.ReactiveAssert.AreElementsEqual(expected, actual), () => Ms.ReactiveAssert.AssertEqual(actual, expected), () => Ms.ReactiveAssert.AreElementsEqual(expected, actual, "m")));
    }

    public static TheoryData<string> ThrowsCases => ["that type", "a subtype", "another type", "nothing", "that instance", "another instance"];

    [Theory]
    [MemberData(nameof(ThrowsCases))]
    public void Throws_SameVerdictAsMicrosoft(string name)
    {
        Action action = name switch
        {
            "a subtype" => () => throw new ObjectDisposedException("x"),
            "another type" => () => throw new ArgumentException("x"),
            "nothing" => () => { },
            "another instance" => () => throw new InvalidOperationException("boom"),
            _ => () => throw Boom,
        };

        Assert.Equal(
            Verdicts(
                () => Ours.ReactiveAssert.Throws<InvalidOperationException>(action),
                () => Ours.ReactiveAssert.Throws<InvalidOperationException>(action, "m"),
                () => Ours.ReactiveAssert.Throws(Boom, action),
                () => Ours.ReactiveAssert.Throws(Boom, action, "m")),
            Verdicts(
                () => Ms.ReactiveAssert.Throws<InvalidOperationException>(action),
                () => Ms.ReactiveAssert.Throws<InvalidOperationException>(action, "m"),
                () => Ms.ReactiveAssert.Throws(Boom, action),
                () => Ms.ReactiveAssert.Throws(Boom, action, "m")));
    }

    /// <summary>
    /// "pass", "fail" (the kit's assertion failure: ours, or for Microsoft's kit the <c>Xunit.Sdk</c> exceptions of
    /// the copy of xunit's asserts compiled into it) or the type of anything else thrown.
    /// </summary>
    private static string[] Verdicts(params Action[] assertions) => [.. assertions.Select(assertion =>
    {
        try
        {
            assertion();
            return "pass";
        }
        catch (Exception e) when (e is Ours.ReactiveAssertException || e.GetType().Namespace == "Xunit.Sdk")
        {
            return "fail";
        }
        catch (Exception e)
        {
            return $"throws {e.GetType().Name}";
        }
    })];

    /// <summary>A kit's notification factories; each returns that kit's <c>Recorded&lt;Notification&lt;int&gt;&gt;</c>, boxed.</summary>
    private interface IFactories
    {
        object Next(long time, int value);

        object NextWhere(long time, Func<int, bool> predicate);

        object Error(long time, Exception error);

        object ErrorWhere(long time, Func<Exception, bool> predicate);

        object Completed(long time);

        /// <summary>The four sequence assertions over the same expected and actual recordings.</summary>
        Action[] Check(object[] expected, object[] actual);
    }

    private sealed class OurFactories : IFactories
    {
        public object Next(long time, int value) => Ours.ReactiveTest.OnNext(time, value);

        public object NextWhere(long time, Func<int, bool> predicate) => Ours.ReactiveTest.OnNext(time, predicate);

        public object Error(long time, Exception error) => Ours.ReactiveTest.OnError<int>(time, error);

        public object ErrorWhere(long time, Func<Exception, bool> predicate) => Ours.ReactiveTest.OnError<int>(time, predicate);

        public object Completed(long time) => Ours.ReactiveTest.OnCompleted<int>(time);

        public Action[] Check(object[] expected, object[] actual)
        {
            var (e, a) = (expected.Cast<Ours.Recorded<System.Reactive.Notification<int>>>().ToArray(), actual.Cast<Ours.Recorded<System.Reactive.Notification<int>>>().ToArray());
            return [() => Ours.ReactiveAssert.AreElementsEqual(e, a), () => Ours.ReactiveAssert.AreElementsEqual(e, a, "m"), () => a.AssertEqual((IEnumerable<Ours.Recorded<System.Reactive.Notification<int>>>)e), () => a.AssertEqual(e)];
        }
    }

    private sealed class MicrosoftFactories : IFactories
    {
        public object Next(long time, int value) => Ms.ReactiveTest.OnNext(time, value);

        public object NextWhere(long time, Func<int, bool> predicate) => Ms.ReactiveTest.OnNext(time, predicate);

        public object Error(long time, Exception error) => Ms.ReactiveTest.OnError<int>(time, error);

        public object ErrorWhere(long time, Func<Exception, bool> predicate) => Ms.ReactiveTest.OnError<int>(time, predicate);

        public object Completed(long time) => Ms.ReactiveTest.OnCompleted<int>(time);

        public Action[] Check(object[] expected, object[] actual)
        {
            var (e, a) = (expected.Cast<Ms.Recorded<System.Reactive.Notification<int>>>().ToArray(), actual.Cast<Ms.Recorded<System.Reactive.Notification<int>>>().ToArray());
            return [() => Ms.ReactiveAssert.AreElementsEqual(e, a), () => Ms.ReactiveAssert.AreElementsEqual(e, a, "m"), () => Ms.ReactiveAssert.AssertEqual(a, (IEnumerable<Ms.Recorded<System.Reactive.Notification<int>>>)e), () => Ms.ReactiveAssert.AssertEqual(a, e)];
        }
    }
}
