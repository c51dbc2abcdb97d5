using System.Reactive;
using RxWebSocketStream.Testing.Marbles;

namespace RxWebSocketStream.Testing;

/// <summary>
/// What an observable under test is expected to emit, returned by
/// <see cref="MarbleTest.ExpectObservable{T}(IObservable{T}, string?, string?)"/>. Say it with one of the
/// <c>ToBe</c> overloads; the check runs in <see cref="MarbleTest.Run"/>.
/// </summary>
/// <typeparam name="T">The element type.</typeparam>
public sealed class ObservableExpectation<T> : IMarbleExpectation
{
    private readonly ITestableObserver<T> _observer;
    private readonly Subscription? _subscription;
    private readonly string _name;
    private readonly bool _byFrame;
    private string? _diagram;
    private IReadOnlyList<Recorded<Notification<T>>> _expected = [];
    private IReadOnlyDictionary<char, T>? _values;
    private ErrorExpectation _error = ErrorExpectation.Like(new Exception(MarbleDiagram.DefaultErrorMessage));

    internal ObservableExpectation(ITestableObserver<T> observer, Subscription? subscription, string? name, bool byFrame)
    {
        _byFrame = byFrame;
        _observer = observer;
        _subscription = subscription;
        _name = name ?? "...";
    }

    bool IMarbleExpectation.IsComplete => _diagram is not null;

    string IMarbleExpectation.Description => $"ExpectObservable({_name}).ToBe(\"{_diagram}\")";

    /// <summary>
    /// Expects the notifications of a diagram (cold grammar: frame zero is the first character, whatever
    /// the subscription frame). An expected <c>#</c> matches an exception of the same type with the same message.
    /// </summary>
    /// <param name="marbles">The expected diagram, for example <c>"-a--b|"</c>.</param>
    /// <param name="values">The value of each value character; optional for <see cref="char"/> and <see cref="string"/> elements.</param>
    /// <param name="error">The exception <c>#</c> stands for; by default an <see cref="Exception"/> with the message <see cref="MarbleDiagram.DefaultErrorMessage"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="marbles"/> is <see langword="null"/>.</exception>
    /// <exception cref="MarbleSyntaxException">The diagram is malformed.</exception>
    /// <exception cref="InvalidOperationException"><c>ToBe</c> was already called on this expectation.</exception>
    public void ToBe(string marbles, IReadOnlyDictionary<char, T>? values = null, Exception? error = null)
    {
        ArgumentNullException.ThrowIfNull(marbles);
        Set(marbles, values, ErrorExpectation.Like(error ?? new Exception(MarbleDiagram.DefaultErrorMessage)));
    }

    /// <summary>
    /// As <see cref="ToBe(string, IReadOnlyDictionary{char, T}?, Exception?)"/>, with the values given as pairs at the call
    /// site: <c>ToBe("-x-y|", ('x', 10), ('y', 20))</c>. <c>#</c> stands for the default error.
    /// </summary>
    /// <param name="marbles">The expected diagram, for example <c>"-x-y|"</c>.</param>
    /// <param name="values">Each value character and its value; a character may appear once.</param>
    /// <exception cref="ArgumentNullException"><paramref name="marbles"/> or <paramref name="values"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A character is given twice in <paramref name="values"/> (the message names it and both values).</exception>
    /// <exception cref="MarbleSyntaxException">The diagram is malformed, or uses a character <paramref name="values"/> lacks.</exception>
    /// <exception cref="InvalidOperationException"><c>ToBe</c> was already called on this expectation.</exception>
    public void ToBe(string marbles, params (char Symbol, T Value)[] values)
    {
        ArgumentNullException.ThrowIfNull(marbles);
        ToBe(marbles, MarbleValueTable.From(values, nameof(values)));
    }

    /// <summary>As <see cref="ToBe(string, IReadOnlyDictionary{char, T}?, Exception?)"/>, with <c>#</c> matching any exception the predicate accepts.</summary>
    /// <param name="marbles">The expected diagram, for example <c>"-a--#"</c>.</param>
    /// <param name="values">The value of each value character; optional for <see cref="char"/> and <see cref="string"/> elements.</param>
    /// <param name="errorMatches">Whether an actual exception is the expected one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="marbles"/> or <paramref name="errorMatches"/> is <see langword="null"/>.</exception>
    /// <exception cref="MarbleSyntaxException">The diagram is malformed.</exception>
    /// <exception cref="InvalidOperationException"><c>ToBe</c> was already called on this expectation.</exception>
    public void ToBe(string marbles, IReadOnlyDictionary<char, T>? values, Func<Exception, bool> errorMatches)
    {
        ArgumentNullException.ThrowIfNull(marbles);
        ArgumentNullException.ThrowIfNull(errorMatches);
        Set(marbles, values, ErrorExpectation.Matching(errorMatches));
    }

    string? IMarbleExpectation.Check() => ObservableReport.Compare(
        $"Marble expectation failed: {((IMarbleExpectation)this).Description}",
        _expected,
        _byFrame ? FrameTime.Floor(_observer.Messages) : [.. _observer.Messages],
        _error,
        _values,
        _subscription);

    private void Set(string marbles, IReadOnlyDictionary<char, T>? values, ErrorExpectation error)
    {
        if (_diagram is not null)
        {
            throw new InvalidOperationException($"ToBe was already called on this expectation, with \"{_diagram}\".");
        }

        _expected = MarbleDiagram.ParseCold(marbles, values);
        _values = values;
        _error = error;
        _diagram = marbles;
    }
}
