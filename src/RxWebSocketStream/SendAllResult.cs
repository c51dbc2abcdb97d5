namespace RxWebSocketStream;

/// <summary>
/// What <see cref="WebSocketConnection.SendAllAsync"/> (or <see cref="ReconnectingConnection.SendAllAsync"/>) did: how
/// many messages it took from the source, how many of them were written, and why it stopped. Every message taken is
/// counted in exactly one of <see cref="Sent"/> and <see cref="Unsent"/>; the call returns only once each has settled.
/// </summary>
public sealed class SendAllResult
{
    internal SendAllResult(long sent, long unsent, SendAllStopReason reason, Exception? error)
    {
        Sent = sent;
        Unsent = unsent;
        Reason = reason;
        Error = error;
    }

    /// <summary>Gets how many messages were handed to the socket.</summary>
    public long Sent { get; }

    /// <summary>
    /// Gets how many messages were taken from the source and not confirmed written: refused by a closing connection,
    /// withdrawn by the cancellation while they waited, or (for a session) possibly lost with a connection that died.
    /// </summary>
    public long Unsent { get; }

    /// <summary>Gets why the sending stopped.</summary>
    public SendAllStopReason Reason { get; }

    /// <summary>
    /// Gets the exception behind <see cref="Reason"/>: the first failed send's, the source's, or the cancellation's;
    /// <see langword="null"/> after <see cref="SendAllStopReason.Completed"/>.
    /// </summary>
    public Exception? Error { get; }
}
