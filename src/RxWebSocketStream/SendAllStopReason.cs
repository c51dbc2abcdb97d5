namespace RxWebSocketStream;

/// <summary>Why <see cref="WebSocketConnection.SendAllAsync"/> (or the session's) stopped: see <see cref="SendAllResult"/>.</summary>
public enum SendAllStopReason
{
    /// <summary>The source ended and every message taken from it was sent.</summary>
    Completed,

    /// <summary>
    /// A send failed: the connection was closing or closed, or failed (for a session: the session ended, its queue was
    /// full, or the connection holding a message died). <see cref="SendAllResult.Error"/> is that send's exception.
    /// </summary>
    SendFailed,

    /// <summary>The source threw; <see cref="SendAllResult.Error"/> is its exception. The connection is left open.</summary>
    SourceFailed,

    /// <summary>The token was cancelled; <see cref="SendAllResult.Error"/> is the <see cref="OperationCanceledException"/>, if one was thrown.</summary>
    Canceled,
}
