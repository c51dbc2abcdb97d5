namespace RxWebSocketStream.Testing.Marbles;

/// <summary>An expectation registered with a <see cref="MarbleTest"/>, checked after the scheduler has run.</summary>
internal interface IMarbleExpectation
{
    /// <summary>Gets whether <c>ToBe</c> was called; an expectation without it is a mistake in the test.</summary>
    bool IsComplete { get; }

    /// <summary>Gets how the expectation was written, for reports.</summary>
    string Description { get; }

    /// <summary>Returns <see langword="null"/> when met, else the failure report.</summary>
    string? Check();
}
