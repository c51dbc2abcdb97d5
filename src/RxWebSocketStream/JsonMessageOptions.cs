namespace RxWebSocketStream;

/// <summary>
/// How a typed view (<see cref="WebSocketConnection.AsJson{T}(System.Text.Json.Serialization.Metadata.JsonTypeInfo{T}, JsonMessageOptions?)"/>,
/// <see cref="ReconnectingConnection.AsJson{T}(System.Text.Json.Serialization.Metadata.JsonTypeInfo{T}, JsonMessageOptions?)"/>)
/// frames its JSON and what it does with a message that does not decode (docs/typed-messages.md).
/// </summary>
public sealed class JsonMessageOptions
{
    private MessageType _messageType = MessageType.Text;

    /// <summary>
    /// Gets or sets the frame the view's JSON travels in, both ways: values are sent as this kind of message, and a
    /// received message of the other kind does not decode. The default is <see cref="MessageType.Text"/>; choose
    /// <see cref="MessageType.Binary"/> for peers that send UTF-8 JSON in binary frames.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a <see cref="MessageType"/> value.</exception>
    public MessageType MessageType
    {
        get => _messageType;
        init
        {
            Internal.JsonMessages.ThrowIfUndefined(value, nameof(MessageType));
            _messageType = value;
        }
    }

    /// <summary>
    /// Gets or sets where messages that do not decode go. <see langword="null"/> (the default): the typed sequence
    /// fails with the <see cref="UndecodableMessageException"/>, which holds the message. Set: the exception is passed
    /// here, on the receiving thread, and the sequence goes on with the next message; if the callback throws, the
    /// sequence fails with what it threw.
    /// </summary>
    public Action<UndecodableMessageException>? OnUndecodable { get; init; }
}
