using RxWebSocketStream.Testing.Marbles;

namespace RxWebSocketStream.Testing;

/// <summary>
/// The subscriptions a test observable is expected to log, returned by
/// <see cref="MarbleTest.ExpectSubscriptions(IEnumerable{Subscription})"/>. The check runs in
/// <see cref="MarbleTest.Run"/>, against the log as it is then.
/// </summary>
public sealed class SubscriptionExpectation : IMarbleExpectation
{
    private readonly IEnumerable<Subscription> _actual;
    private readonly bool _byFrame;
    private IReadOnlyList<Subscription>? _expected;
    private string[] _diagrams = [];

    internal SubscriptionExpectation(IEnumerable<Subscription> actual, bool byFrame)
    {
        _actual = actual;
        _byFrame = byFrame;
    }

    bool IMarbleExpectation.IsComplete => _expected is not null;

    string IMarbleExpectation.Description =>
        $"ExpectSubscriptions(...).ToBe({string.Join(", ", _diagrams.Select(d => $"\"{d}\""))})";

    /// <summary>
    /// Expects exactly these subscriptions, in order, one subscription diagram each (none for "never
    /// subscribed"). Frame zero is the first character of each diagram.
    /// </summary>
    /// <param name="marbles">The subscription diagrams, for example <c>"^---!"</c> and <c>"--^--!"</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="marbles"/> or one of its diagrams is <see langword="null"/>.</exception>
    /// <exception cref="MarbleSyntaxException">A diagram is malformed.</exception>
    /// <exception cref="InvalidOperationException"><c>ToBe</c> was already called on this expectation.</exception>
    public void ToBe(params string[] marbles)
    {
        ArgumentNullException.ThrowIfNull(marbles);
        if (_expected is not null)
        {
            throw new InvalidOperationException("ToBe was already called on this expectation.");
        }

        var expected = new List<Subscription>(marbles.Length);
        foreach (var diagram in marbles)
        {
            ArgumentNullException.ThrowIfNull(diagram, nameof(marbles));
            expected.Add(MarbleDiagram.ParseSubscription(diagram));
        }

        _diagrams = marbles;
        _expected = expected;
    }

    string? IMarbleExpectation.Check() => SubscriptionReport.Compare(
        $"Marble expectation failed: {((IMarbleExpectation)this).Description}",
        _expected!,
        _byFrame ? FrameTime.Floor(_actual) : [.. _actual]);
}
