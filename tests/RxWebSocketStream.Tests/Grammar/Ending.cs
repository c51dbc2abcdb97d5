namespace RxWebSocketStream.Tests.Grammar;

/// <summary>The ways a connection can end while a message is being delivered, as <see cref="RaceRig"/> plays them.</summary>
public enum Ending
{
    /// <summary><c>SendAsync</c> on the test's thread meets a peer reset.</summary>
    SendAsyncFails,

    /// <summary>A sink message, written on the test's thread, meets a peer reset.</summary>
    SinkSendFails,

    /// <summary><c>Close</c>, the peer stays silent, and the close timer fires on the test's scheduler.</summary>
    CloseTimer,

    /// <summary><c>Dispose</c>, the peer stays silent, and the close timer fires on the test's scheduler.</summary>
    DisposeThenCloseTimer,

    /// <summary><c>Close</c>, whose close frame meets a peer reset.</summary>
    CloseMeetsReset,

    /// <summary><c>Dispose</c>, whose close frame meets a peer reset.</summary>
    DisposeMeetsReset,

    /// <summary><c>DisposeAsync</c>, not awaited, whose close frame meets a peer reset.</summary>
    DisposeAsyncMeetsReset,

    /// <summary><c>Close</c>, answered by the peer.</summary>
    Close,

    /// <summary><c>Dispose</c>, answered by the peer.</summary>
    Dispose,

    /// <summary>The peer sends its close frame.</summary>
    PeerClose,

    /// <summary>A second subscriber throws from <c>OnNext</c>: the connection closes with 1011.</summary>
    ThrowingSubscriber,

    /// <summary>The peer sends a message over <c>MaxMessageSize</c>: the connection closes with 1009.</summary>
    MessageTooBig,
}

/// <summary>The endings as theory data.</summary>
public static class Endings
{
    /// <summary>Every ending.</summary>
    public static TheoryData<Ending> All => new(Enum.GetValues<Ending>());

    /// <summary>The endings the client plays itself, on the calling thread (<see cref="RaceRig.EndFromClient"/>).</summary>
    public static TheoryData<Ending> FromTheClient => new(
        Ending.SendAsyncFails,
        Ending.SinkSendFails,
        Ending.CloseTimer,
        Ending.DisposeThenCloseTimer,
        Ending.CloseMeetsReset,
        Ending.DisposeMeetsReset,
        Ending.DisposeAsyncMeetsReset,
        Ending.Close,
        Ending.Dispose);

    /// <summary>The seven endings issue 11 names for the stress test.</summary>
    public static TheoryData<Ending> Stressed => new(
        Ending.SendAsyncFails,
        Ending.CloseTimer,
        Ending.PeerClose,
        Ending.Dispose,
        Ending.Close,
        Ending.ThrowingSubscriber,
        Ending.MessageTooBig);
}
