namespace RxWebSocketStream.Testing;

/// <summary>
/// A marble expectation that was not met. The message shows the expected and actual diagrams aligned
/// one above the other, a legend for the values, and the first difference. Test frameworks report it
/// like any other failed assertion.
/// </summary>
public sealed class MarbleAssertionException : Exception
{
    /// <summary>Creates the exception with the full failure report as its message.</summary>
    /// <param name="message">The failure report.</param>
    public MarbleAssertionException(string message)
        : base(message)
    {
    }
}
