using RxWebSocketStream.Internal;

namespace RxWebSocketStream;

/// <summary>
/// A typed view of a <see cref="ReconnectingConnection"/>: the messages of every connection decoded from JSON as
/// <typeparamref name="T"/>, and values of <typeparamref name="T"/> sent as JSON. Made by
/// <see cref="ReconnectingConnection.AsJson{T}(System.Text.Json.Serialization.Metadata.JsonTypeInfo{T}, JsonMessageOptions?)"/>;
/// it holds no state of its own.
/// </summary>
/// <remarks>
/// Subscribing, reading and sending behave exactly as on the session (starting it, queueing while disconnected, no
/// silent loss).
/// A message that does not decode fails the typed sequence, or goes to <see cref="JsonMessageOptions.OnUndecodable"/>
/// when set (docs/typed-messages.md). Failing a subscription does not stop the session.
/// </remarks>
/// <typeparam name="T">The type of the values.</typeparam>
public sealed class JsonReconnectingConnection<T> : IObservable<T>
{
    private readonly JsonCodec<T> _codec;
    private readonly IObservable<T> _values;

    internal JsonReconnectingConnection(ReconnectingConnection session, JsonCodec<T> codec)
    {
        Session = session;
        _codec = codec;
        _values = codec.Decode(session);
        Sink = codec.Encode(session.Sink);
    }

    /// <summary>Gets the session under the view: for <c>States</c>, <c>Connections</c>, <c>Close</c> and untyped messages.</summary>
    public ReconnectingConnection Session { get; }

    /// <summary>
    /// Gets a sink of values: each <c>OnNext</c> encodes the value and passes the message to the session's
    /// <see cref="ReconnectingConnection.Sink"/> (same bound, same overflow policy, same accounting of what was not
    /// sent); <c>OnCompleted</c> and <c>OnError</c> close the session as they do there. A value that cannot be
    /// serialized throws System.Text.Json's exception from <c>OnNext</c> and nothing is queued.
    /// </summary>
    public IObserver<T> Sink { get; }

    /// <summary>
    /// Subscribes to the messages of every connection in turn, decoded, and starts the session if it has not started.
    /// A message that does not decode ends this subscription with an <see cref="UndecodableMessageException"/>, unless
    /// <see cref="JsonMessageOptions.OnUndecodable"/> takes it; the session goes on either way.
    /// </summary>
    /// <param name="observer">The observer.</param>
    /// <returns>The subscription; disposing it does not stop the session.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="observer"/> is <see langword="null"/>.</exception>
    public IDisposable Subscribe(IObserver<T> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        return _values.Subscribe(observer);
    }

    /// <summary>
    /// Reads the messages of every connection in turn, on demand, decoded, as
    /// <see cref="ReconnectingConnection.ReadAllAsync(CancellationToken)"/> reads them. A message that does not decode
    /// ends the enumeration with an <see cref="UndecodableMessageException"/>, unless
    /// <see cref="JsonMessageOptions.OnUndecodable"/> takes it; the session goes on either way.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting for the next message.</param>
    /// <returns>The values, in the order the connections delivered them.</returns>
    public IAsyncEnumerable<T> ReadAllAsync(CancellationToken cancellationToken = default) =>
        _codec.Decode(Session.ReadAllAsync(), cancellationToken);

    /// <summary>
    /// Encodes <paramref name="value"/> and sends it as <see cref="ReconnectingConnection.SendAsync(Message, QueuedMessagePolicy?)"/>
    /// does; a failure that says the message may have been lost carries the encoded message.
    /// </summary>
    /// <param name="value">The value.</param>
    /// <param name="policy">What to do while no connection is open; <see langword="null"/> for the session's option.</param>
    /// <returns>A task that tells what became of the message.</returns>
    /// <exception cref="NotSupportedException">The value cannot be serialized (an unsupported type, a cycle); nothing was sent.</exception>
    /// <exception cref="ArgumentException">The value holds a number JSON cannot carry (NaN or an infinity); nothing was sent.</exception>
    public Task SendAsync(T value, QueuedMessagePolicy? policy = null) =>
        Session.SendAsync(_codec.Encode(value), policy);

    /// <summary>
    /// Encodes <paramref name="value"/> and sends it as
    /// <see cref="ReconnectingConnection.SendAsync(Message, CancellationToken)"/> does: cancelling withdraws the message
    /// while it still waits.
    /// </summary>
    /// <param name="value">The value.</param>
    /// <param name="cancellationToken">Withdraws the message while it waits.</param>
    /// <returns>A task that tells what became of the message.</returns>
    /// <exception cref="NotSupportedException">The value cannot be serialized (an unsupported type, a cycle); nothing was sent.</exception>
    /// <exception cref="ArgumentException">The value holds a number JSON cannot carry (NaN or an infinity); nothing was sent.</exception>
    public Task SendAsync(T value, CancellationToken cancellationToken) =>
        Session.SendAsync(_codec.Encode(value), cancellationToken);

    /// <summary>
    /// Encodes <paramref name="value"/> and sends it as
    /// <see cref="ReconnectingConnection.SendAsync(Message, QueuedMessagePolicy?, CancellationToken)"/> does.
    /// </summary>
    /// <param name="value">The value.</param>
    /// <param name="policy">What to do while no connection is open; <see langword="null"/> for the session's option.</param>
    /// <param name="cancellationToken">Withdraws the message while it waits.</param>
    /// <returns>A task that tells what became of the message.</returns>
    /// <exception cref="NotSupportedException">The value cannot be serialized (an unsupported type, a cycle); nothing was sent.</exception>
    /// <exception cref="ArgumentException">The value holds a number JSON cannot carry (NaN or an infinity); nothing was sent.</exception>
    public Task SendAsync(T value, QueuedMessagePolicy? policy, CancellationToken cancellationToken) =>
        Session.SendAsync(_codec.Encode(value), policy, cancellationToken);

    /// <summary>
    /// Encodes each value of <paramref name="values"/> as it is taken and sends them all as
    /// <see cref="ReconnectingConnection.SendAllAsync(IAsyncEnumerable{Message}, CancellationToken)"/> does, with its backpressure.
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
        return Session.SendAllAsync(_codec.Encode(values), cancellationToken);
    }
}
