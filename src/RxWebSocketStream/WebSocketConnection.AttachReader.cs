namespace RxWebSocketStream;

public sealed partial class WebSocketConnection
{
    /// <summary>
    /// A <see cref="ReadAllAsync"/> reader that is subscribed at once but asks for nothing until its first
    /// <c>MoveNextAsync</c>. A session attaches one to each new connection for every consumer of its own
    /// <c>ReadAllAsync</c> before it subscribes to the connection itself: then nothing is read from that connection
    /// until the consumer gets to it, and no message is read past the consumer or past the session's subscribers.
    /// </summary>
    internal IAsyncEnumerator<Message> AttachReader(CancellationToken cancellationToken)
    {
        var reader = new ReaderEnumerator(this, (cancellationToken, null));
        reader.SubscribeWithoutDemand();
        return reader;
    }
}
