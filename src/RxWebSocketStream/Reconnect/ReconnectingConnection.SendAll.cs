using RxWebSocketStream.Internal;

namespace RxWebSocketStream;

public sealed partial class ReconnectingConnection
{
    /// <summary>
    /// Sends every message of <paramref name="messages"/> through the session, in order, with backpressure: a message is
    /// taken from the source only while fewer than <see cref="ReconnectingConnectionOptions.SendBufferCapacity"/> of
    /// those already taken are unwritten. While no connection is open they wait in the session's queue (under the
    /// session's <see cref="ReconnectingConnectionOptions.QueuedMessagePolicy"/>), so an outage pauses the source
    /// instead of filling memory. It stops at the source's end, at the first send that does not succeed (the session
    /// ended, or a connection holding a message died: <see cref="MessagePossiblyLostException"/>), when the source
    /// throws, or when <paramref name="cancellationToken"/> is cancelled, and returns once every message it took has
    /// settled. It never closes the session.
    /// </summary>
    /// <param name="messages">The messages to send; enumerated once, with <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">Stops taking messages; those still waiting are withdrawn.</param>
    /// <returns>How many messages were sent, how many taken were not, and why it stopped (it does not throw for that).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is <see langword="null"/>.</exception>
    public Task<SendAllResult> SendAllAsync(IAsyncEnumerable<Message> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return SendAllPump.RunAsync(messages, (message, token) => SendAsync(message, policy: null, token), _options.SendBufferCapacity, cancellationToken);
    }
}
