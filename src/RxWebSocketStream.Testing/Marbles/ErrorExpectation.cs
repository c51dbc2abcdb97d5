namespace RxWebSocketStream.Testing.Marbles;

/// <summary>What an expected <c>#</c> accepts: an exception of one type with one message, or a predicate.</summary>
internal sealed class ErrorExpectation
{
    private readonly Func<Exception, bool> _matches;

    private ErrorExpectation(Func<Exception, bool> matches, string description)
    {
        _matches = matches;
        Description = description;
    }

    public string Description { get; }

    public static ErrorExpectation Like(Exception expected) => new(
        actual => actual.GetType() == expected.GetType() && actual.Message == expected.Message,
        MarbleFormat.Error(expected));

    public static ErrorExpectation Matching(Func<Exception, bool> predicate) => new(predicate, "an exception matching the predicate");

    public bool Matches(Exception actual) => _matches(actual);
}
