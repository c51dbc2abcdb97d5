namespace RxWebSocketStream.AspNetCore.Tests.Grammar;

/// <summary>The ways a server connection can end while a client's message is being delivered.</summary>
public enum ServerEnding
{
    /// <summary>The client resets TCP, and the server then sends.</summary>
    ClientReset,

    /// <summary>The server closes, the client stays silent, and the close timer fires on the test's scheduler.</summary>
    ServerCloseTimer,

    /// <summary>The application stops (1001 to every connection), the client stays silent, and the close timer fires.</summary>
    ShutdownCloseTimer,

    /// <summary>The server closes and the client answers.</summary>
    ServerClose,

    /// <summary>The application stops and the client answers the 1001.</summary>
    Shutdown,
}
