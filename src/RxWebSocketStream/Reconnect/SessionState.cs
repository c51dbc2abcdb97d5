namespace RxWebSocketStream;

/// <summary>
/// A lifecycle event of a <see cref="ReconnectingConnection"/>, and the state it leaves the session in. Immutable:
/// each change is a new event on <see cref="ReconnectingConnection.States"/>.
/// </summary>
public abstract record SessionState
{
    private SessionState()
    {
    }

    /// <summary>An attempt to connect has started: the factory is being called.</summary>
    /// <param name="Attempt">0 for the first connection, then the reconnect attempt (see <see cref="ReconnectAttempt.Number"/>).</param>
    public sealed record Connecting(int Attempt) : SessionState;

    /// <summary>A connection opened.</summary>
    /// <param name="Protocol">The negotiated sub-protocol, or the empty string.</param>
    /// <param name="Extensions">The negotiated extensions, or the empty string.</param>
    public sealed record Open(string Protocol, string Extensions) : SessionState;

    /// <summary>The close handshake started.</summary>
    /// <param name="Initiator">
    /// <see cref="CloseInitiator.Application"/> when <see cref="ReconnectingConnection.Close(WebSocketCloseInfo?)"/> or
    /// dispose started it (reported at once); <see cref="CloseInitiator.Peer"/> when the peer's close frame came first
    /// (reported when the handshake has finished, just before <see cref="Closed"/>: a connection does not report the
    /// peer's close frame on its own).
    /// </param>
    public sealed record Closing(CloseInitiator Initiator) : SessionState;

    /// <summary>
    /// A connection, or an attempt to open one, ended. <see cref="WillReconnect"/> tells what follows: a
    /// <see cref="WaitingToReconnect"/> (the outage goes on, show "reconnecting"), or the end of the session (show
    /// "closed"; no other state follows and <see cref="ReconnectingConnection.States"/> completes).
    /// </summary>
    /// <param name="Code">The close code (1006 for a lost connection or a failed handshake), or <see langword="null"/> when none is known.</param>
    /// <param name="Reason">The close reason, or the failure's description.</param>
    /// <param name="WasClean">Whether close frames were both sent and received.</param>
    /// <param name="WillReconnect">
    /// <see langword="true"/> when the policy decided to reconnect, so that <see cref="WaitingToReconnect"/> comes next;
    /// <see langword="false"/> when this is the session's last connection: the application closed or disposed the
    /// session, the policy declined this end, or the attempts are exhausted. (Should <see cref="ReconnectingConnection.Close"/>
    /// or dispose race with a reconnect just announced, stopping wins and the session ends after this state.)
    /// </param>
    public sealed record Closed(int? Code, string Reason, bool WasClean, bool WillReconnect) : SessionState;

    /// <summary>The policy decided to reconnect; the session waits on its scheduler first.</summary>
    /// <param name="Delay">The wait, drawn by <see cref="ReconnectPolicy.ReconnectDelay(ConnectionEnd)"/>.</param>
    /// <param name="Attempt">The reconnect attempt that follows the wait, from 1.</param>
    public sealed record WaitingToReconnect(TimeSpan Delay, int Attempt) : SessionState;
}
