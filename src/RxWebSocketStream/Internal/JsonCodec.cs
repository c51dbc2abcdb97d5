using System.Runtime.CompilerServices;
using System.Text.Json.Serialization.Metadata;

namespace RxWebSocketStream.Internal;

/// <summary>
/// The two directions of a typed view: a value to a message of the chosen frame type, and a message back to a value
/// with the undecodable-message policy applied (docs/typed-messages.md).
/// </summary>
internal sealed class JsonCodec<T>
{
    private readonly JsonTypeInfo<T> _typeInfo;
    private readonly MessageType _messageType;
    private readonly Action<UndecodableMessageException>? _onUndecodable;

    public JsonCodec(JsonTypeInfo<T> typeInfo, JsonMessageOptions? options)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        _typeInfo = typeInfo;
        _messageType = options?.MessageType ?? MessageType.Text;
        _onUndecodable = options?.OnUndecodable;
    }

    public Message Encode(T value) => Message.FromJson(value, _typeInfo, _messageType);

    /// <summary>
    /// Decodes <paramref name="message"/>. A message that does not decode goes to the callback (and this returns
    /// <see langword="false"/>) or, with none, throws its <see cref="UndecodableMessageException"/>.
    /// </summary>
    public bool TryDecode(Message message, out T value)
    {
        try
        {
            if (message.Type != _messageType)
            {
                throw new UndecodableMessageException(
                    message,
                    typeof(T),
                    $"the view reads {(_messageType == MessageType.Text ? "text" : "binary")} messages (JsonMessageOptions.MessageType)",
                    innerException: null);
            }

            value = message.ReadJson(_typeInfo);
            return true;
        }
        catch (UndecodableMessageException e) when (_onUndecodable is not null)
        {
            _onUndecodable(e);
            value = default!;
            return false;
        }
    }

    /// <summary>The decoded values of <paramref name="messages"/>; fails (and lets go of them) as the policy says.</summary>
    public IObservable<T> Decode(IObservable<Message> messages) =>
        System.Reactive.Linq.Observable.Create<T>(observer =>
        {
            var upstream = new System.Reactive.Disposables.SingleAssignmentDisposable();
            upstream.Disposable = messages.Subscribe(new DecodingObserver(this, observer, upstream));
            return upstream;
        });

    /// <summary>The decoded values of <paramref name="messages"/>, pulled one by one; throws as the policy says.</summary>
    public async IAsyncEnumerable<T> Decode(IAsyncEnumerable<Message> messages, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var message in messages.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (TryDecode(message, out var value))
            {
                yield return value;
            }
        }
    }

    /// <summary>A sink of values that encodes each one into <paramref name="messages"/>.</summary>
    public IObserver<T> Encode(IObserver<Message> messages) => new EncodingObserver(this, messages);

    /// <summary>
    /// Encodes each value as it is pulled: one message per value, one value ahead at most. A value that cannot be
    /// serialized is thrown from the enumeration, where SendAllAsync reports it as the source's failure.
    /// </summary>
    public async IAsyncEnumerable<Message> Encode(IAsyncEnumerable<T> values, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var value in values.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            yield return Encode(value);
        }
    }

    // The source serializes its calls (it follows the Rx grammar), so no lock: _failed is only touched by them.
    private sealed class DecodingObserver(JsonCodec<T> codec, IObserver<T> downstream, IDisposable upstream) : IObserver<Message>
    {
        private bool _failed;

        public void OnNext(Message value)
        {
            if (_failed)
            {
                return;
            }

            T decoded;
            try
            {
                if (!codec.TryDecode(value, out decoded))
                {
                    return;
                }
            }
            catch (Exception e)
            {
                _failed = true;
                downstream.OnError(e);
                upstream.Dispose();
                return;
            }

            // Outside the try: an exception thrown by the subscriber is the subscriber's, and goes to the source as
            // any subscriber's exception does.
            downstream.OnNext(decoded);
        }

        public void OnError(Exception error)
        {
            if (!_failed)
            {
                downstream.OnError(error);
            }
        }

        public void OnCompleted()
        {
            if (!_failed)
            {
                downstream.OnCompleted();
            }
        }
    }

    private sealed class EncodingObserver(JsonCodec<T> codec, IObserver<Message> messages) : IObserver<T>
    {
        public void OnNext(T value) => messages.OnNext(codec.Encode(value));

        public void OnError(Exception error) => messages.OnError(error);

        public void OnCompleted() => messages.OnCompleted();
    }
}
