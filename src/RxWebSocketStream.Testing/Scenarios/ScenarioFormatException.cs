namespace RxWebSocketStream.Testing;

/// <summary>
/// A marble scenario file that does not follow the format of marbles/README.md. The message starts with
/// <c>file:line:</c> and says what is wrong there.
/// </summary>
public sealed class ScenarioFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public ScenarioFormatException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">Where (<c>file:line:</c>) and what is wrong.</param>
    public ScenarioFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">Where (<c>file:line:</c>) and what is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ScenarioFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
