namespace RxWebSocketStream.AspNetCore;

/// <summary>
/// One broadcast message as it crosses an <see cref="IBroadcastBackplane"/>: the group it is for, and the
/// message with its payload already encoded.
/// </summary>
public readonly struct BackplaneMessage
{
    /// <summary>Creates a backplane message.</summary>
    /// <param name="group">The group's name, or <see langword="null"/> for every connection of the broadcaster (<see cref="Broadcaster.All"/>).</param>
    /// <param name="message">The message. A text message should already hold its UTF-8 (see <see cref="Message.FromUtf8Text"/>), so that no node encodes it again.</param>
    public BackplaneMessage(string? group, Message message)
    {
        Group = group;
        Message = message;
    }

    /// <summary>Gets the group's name, or <see langword="null"/> for every connection of the broadcaster (<see cref="Broadcaster.All"/>).</summary>
    public string? Group { get; }

    /// <summary>Gets the message: its type and its payload bytes as they go on the wire.</summary>
    public Message Message { get; }
}
