using System.Globalization;

namespace RxWebSocketStream;

/// <summary>
/// A message could not be read as the expected type: its payload is not JSON, is cut short, does not fit the type, or
/// came in the other kind of frame than a typed view expects. The exception carries the message itself, so nothing is
/// lost: log it, route it elsewhere, or fail (docs/typed-messages.md, "Messages that do not decode").
/// </summary>
/// <remarks>
/// The text names the target type, the message's kind, its length in bytes and how it starts, for example
/// <c>A text message of 9 bytes could not be read as Tick: the JSON is null. The message: text "null     "</c>.
/// </remarks>
public sealed class UndecodableMessageException : Exception
{
    /// <summary>Creates the exception for a message that could not be read as <paramref name="targetType"/>.</summary>
    /// <param name="undecodableMessage">The message.</param>
    /// <param name="targetType">The type it was to be read as.</param>
    /// <param name="reason">Why it could not be read (a sentence fragment, such as the <see cref="System.Text.Json.JsonException"/> text).</param>
    /// <param name="innerException">The cause, if any.</param>
    /// <exception cref="ArgumentNullException"><paramref name="targetType"/> or <paramref name="reason"/> is <see langword="null"/>.</exception>
    public UndecodableMessageException(Message undecodableMessage, Type targetType, string reason, Exception? innerException)
        : base(Describe(undecodableMessage, targetType, reason), innerException)
    {
        UndecodableMessage = undecodableMessage;
        TargetType = targetType;
    }

    /// <summary>Creates the exception for an empty binary message and no type.</summary>
    public UndecodableMessageException()
        : this("A message could not be read as the expected type.")
    {
    }

    /// <summary>Creates the exception with a custom message, for an empty binary message and no type.</summary>
    /// <param name="message">The text of the exception.</param>
    public UndecodableMessageException(string message)
        : this(message, innerException: null)
    {
    }

    /// <summary>Creates the exception with a custom message and cause, for an empty binary message and no type.</summary>
    /// <param name="message">The text of the exception.</param>
    /// <param name="innerException">The cause.</param>
    public UndecodableMessageException(string message, Exception? innerException)
        : base(message, innerException)
    {
        TargetType = typeof(object);
    }

    /// <summary>Gets the message that could not be read, as received.</summary>
    public Message UndecodableMessage { get; }

    /// <summary>Gets the type the message was to be read as.</summary>
    public Type TargetType { get; }

    private static string Describe(Message message, Type targetType, string reason)
    {
        ArgumentNullException.ThrowIfNull(targetType);
        ArgumentNullException.ThrowIfNull(reason);
        var kind = message.IsText ? "text" : "binary";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"A {kind} message of {message.ByteLength} bytes could not be read as {targetType.Name}: {reason.TrimEnd('.')}. The message: {message}");
    }
}
