using RxWebSocketStream.Internal;

namespace RxWebSocketStream;

public sealed partial class WebSocketConnection
{
    /// <summary>
    /// Sends every message of <paramref name="messages"/>, in order, with backpressure: a message is taken from the
    /// source only while fewer than <see cref="WebSocketConnectionOptions.SendBufferCapacity"/> of those already taken
    /// are unwritten, so a slow peer slows the source. It stops at the source's end, at the first send that fails
    /// (the connection closing, closed or failed), when the source throws, or when <paramref name="cancellationToken"/>
    /// is cancelled, and returns once every message it took has been written or has failed. It never closes the
    /// connection.
    /// </summary>
    /// <param name="messages">The messages to send; enumerated once, with <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">Stops taking messages; one still waiting for room in the send buffer is withdrawn.</param>
    /// <returns>
    /// How many messages were sent, how many taken were not, and why it stopped. It does not throw for how the sending
    /// ended (a close, the source's exception, the cancellation): <see cref="SendAllResult.Reason"/> and
    /// <see cref="SendAllResult.Error"/> tell, beside the counts an exception could not carry.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is <see langword="null"/>.</exception>
    public Task<SendAllResult> SendAllAsync(IAsyncEnumerable<Message> messages, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return SendAllPump.RunAsync(messages, SendAsync, _options.SendBufferCapacity, cancellationToken);
    }
}
