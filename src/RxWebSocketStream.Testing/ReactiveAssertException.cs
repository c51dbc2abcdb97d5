namespace RxWebSocketStream.Testing;

/// <summary>
/// Thrown by <see cref="ReactiveAssert"/> when an assertion fails. The kit depends on no test framework;
/// every framework reports an unexpected exception as a failed test, with this message.
/// </summary>
/// <remarks>
/// Microsoft.Reactive.Testing fails through xunit's <c>Assert</c> instead (an <c>XunitException</c>). A test
/// that catches that type specifically must catch this one after porting.
/// </remarks>
public sealed class ReactiveAssertException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public ReactiveAssertException()
        : base("A reactive assertion failed.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What was expected and what happened.</param>
    public ReactiveAssertException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that made the assertion fail.</summary>
    /// <param name="message">What was expected and what happened.</param>
    /// <param name="innerException">The unexpected exception, for example the wrong one thrown.</param>
    public ReactiveAssertException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
