using RxWebSocketStream.Internal;

namespace RxWebSocketStream;

/// <summary>
/// A typed view of a <see cref="WebSocketConnection"/>: the peer's messages decoded from JSON as
/// <typeparamref name="T"/>, and values of <typeparamref name="T"/> sent as JSON. Made by
/// <see cref="WebSocketConnection.AsJson{T}(System.Text.Json.Serialization.Metadata.JsonTypeInfo{T}, JsonMessageOptions?)"/>;
/// it holds no state of its own, so make as many as you like (one per message type, for example).
/// </summary>
/// <remarks>
/// Subscribing, reading and sending behave exactly as on the connection (ordering, backpressure, closing when the last
/// subscription is disposed, no silent loss). A message that does not decode fails the typed sequence, or goes to
/// <see cref="JsonMessageOptions.OnUndecodable"/> when set (docs/typed-messages.md).
/// </remarks>
/// <typeparam name="T">The type of the values.</typeparam>
public sealed class JsonConnection<T> : IObservable<T>
{
    private readonly JsonCodec<T> _codec;
    private readonly IObservable<T> _values;

    internal JsonConnection(WebSocketConnection connection, JsonCodec<T> codec)
    {
        Connection = connection;
        _codec = codec;
        _values = codec.Decode(connection);
        Sink = codec.Encode(connection.Sink);
    }

    /// <summary>Gets the connection under the view: for <c>Opened</c>, <c>Closed</c>, <c>Close</c> and untyped messages.</summary>
    public WebSocketConnection Connection { get; }

    /// <summary>
    /// Gets a sink of values: each <c>OnNext</c> encodes the value and passes the message to the connection's
    /// <see cref="WebSocketConnection.Sink"/> (same buffer, same overflow policy); <c>OnCompleted</c> and <c>OnError</c>
    /// close the connection as they do there. A value that cannot be serialized throws System.Text.Json's exception from <c>OnNext</c>
    /// and nothing is queued.
    /// </summary>
    public IObserver<T> Sink { get; }

    /// <summary>
    /// Subscribes to the peer's messages, decoded. This subscribes to the connection: the first subscriber starts
    /// reading, and disposing the last one closes it. A message that does not decode ends this subscription with an
    /// <see cref="UndecodableMessageException"/> (unsubscribing from the connection), unless
    /// <see cref="JsonMessageOptions.OnUndecodable"/> takes it.
    /// </summary>
    /// <param name="observer">The observer.</param>
    /// <returns>The subscription.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="observer"/> is <see langword="null"/>.</exception>
    public IDisposable Subscribe(IObserver<T> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        return _values.Subscribe(observer);
    }

    /// <summary>
    /// Reads the peer's messages on demand, decoded, as <see cref="WebSocketConnection.ReadAllAsync(CancellationToken)"/>
    /// reads them. A message that does not decode ends the enumeration with an <see cref="UndecodableMessageException"/>,
    /// unless <see cref="JsonMessageOptions.OnUndecodable"/> takes it.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting for the next message.</param>
    /// <returns>The values, in wire order.</returns>
    public IAsyncEnumerable<T> ReadAllAsync(CancellationToken cancellationToken = default) =>
        _codec.Decode(Connection.ReadAllAsync(), cancellationToken);

    /// <summary>Encodes <paramref name="value"/> and sends it as <see cref="WebSocketConnection.SendAsync(Message, CancellationToken)"/> does.</summary>
    /// <param name="value">The value.</param>
    /// <param name="cancellationToken">Gives up waiting for room in the send buffer, as there.</param>
    /// <returns>A task that completes when the message has been handed to the socket.</returns>
    /// <exception cref="NotSupportedException">The value cannot be serialized (an unsupported type, a cycle); nothing was sent.</exception>
    /// <exception cref="ArgumentException">The value holds a number JSON cannot carry (NaN or an infinity); nothing was sent.</exception>
    public Task SendAsync(T value, CancellationToken cancellationToken = default) =>
        Connection.SendAsync(_codec.Encode(value), cancellationToken);

    /// <summary>
    /// Encodes each value of <paramref name="values"/> as it is taken and sends them all as
    /// <see cref="WebSocketConnection.SendAllAsync(IAsyncEnumerable{Message}, CancellationToken)"/> does, with its backpressure.
    /// A value that cannot be serialized stops the sending like a source that throws:
    /// <see cref="SendAllStopReason.SourceFailed"/>, with the serializer's exception in <see cref="SendAllResult.Error"/>.
    /// </summary>
    /// <param name="values">The values to send; enumerated once.</param>
    /// <param name="cancellationToken">Stops taking values, as there.</param>
    /// <returns>How many messages were sent, how many taken were not, and why it stopped.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is <see langword="null"/>.</exception>
    public Task<SendAllResult> SendAllAsync(IAsyncEnumerable<T> values, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Connection.SendAllAsync(_codec.Encode(values), cancellationToken);
    }
}
