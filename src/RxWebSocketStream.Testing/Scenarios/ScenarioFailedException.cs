namespace RxWebSocketStream.Testing;

/// <summary>
/// A marble scenario whose expectations were not met. The message names the file and the rule, then shows,
/// for each timeline that differed (by file and line), the expected and actual diagrams and the first
/// difference.
/// </summary>
public sealed class ScenarioFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ScenarioFailedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The failure report.</param>
    public ScenarioFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The failure report.</param>
    /// <param name="innerException">The cause.</param>
    public ScenarioFailedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
