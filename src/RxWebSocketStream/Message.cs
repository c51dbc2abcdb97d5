using System.Globalization;
using System.Text;

namespace RxWebSocketStream;

/// <summary>
/// One whole WebSocket message, text or binary. A small value type: a received message costs one
/// allocation, its payload array.
/// </summary>
/// <remarks>
/// A text message made from a string keeps the string and encodes it when sent; a received text message
/// keeps its UTF-8 bytes and decodes them when <see cref="Text"/> is read (each read decodes again, so
/// keep the string if you need it twice). The payload is not copied: do not change an array after
/// passing it to <see cref="FromBinary(ReadOnlyMemory{byte})"/>. <c>default(Message)</c> is an empty binary
/// message.
/// </remarks>
public readonly struct Message : IEquatable<Message>
{
    private const int MaxBytesShown = 32;
    private const int MaxCharsShown = 64;

    private readonly string? _text;
    private readonly ReadOnlyMemory<byte> _data;

    private Message(MessageType type, string? text, ReadOnlyMemory<byte> data)
    {
        Type = type;
        _text = text;
        _data = data;
    }

    /// <summary>Gets whether the message is text or binary.</summary>
    public MessageType Type { get; }

    /// <summary>Gets whether the message is text.</summary>
    public bool IsText => Type == MessageType.Text;

    /// <summary>Gets the text of a text message.</summary>
    /// <exception cref="InvalidOperationException">The message is binary.</exception>
    public string Text => IsText
        ? _text ?? Encoding.UTF8.GetString(_data.Span)
        : throw new InvalidOperationException($"This is a binary message of {_data.Length} bytes; it has no text. Check IsText, or read Data.");

    /// <summary>
    /// Gets the payload as it goes on the wire: the bytes of a binary message, the UTF-8 bytes of a text
    /// message (encoded now if the message was made from a string).
    /// </summary>
    public ReadOnlyMemory<byte> Data => _text is null ? _data : Encoding.UTF8.GetBytes(_text);

    /// <summary>The payload's length on the wire; counts the UTF-8 bytes of a string without encoding it.</summary>
    internal int WireLength => _text is null ? _data.Length : Encoding.UTF8.GetByteCount(_text);

    /// <summary>Creates a text message.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The message.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    public static Message FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new Message(MessageType.Text, text, default);
    }

    /// <summary>Creates a binary message over <paramref name="data"/>, without copying it.</summary>
    /// <param name="data">The payload.</param>
    /// <returns>The message.</returns>
    public static Message FromBinary(ReadOnlyMemory<byte> data) => new(MessageType.Binary, null, data);

    /// <summary>Creates a binary message over <paramref name="data"/>, without copying it.</summary>
    /// <param name="data">The payload.</param>
    /// <returns>The message.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is <see langword="null"/>.</exception>
    public static Message FromBinary(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new Message(MessageType.Binary, null, data);
    }

    /// <summary>Creates a text message from its UTF-8 bytes, without copying or validating them.</summary>
    /// <param name="utf8">The UTF-8 encoded text.</param>
    /// <returns>The message.</returns>
    public static Message FromUtf8Text(ReadOnlyMemory<byte> utf8) => new(MessageType.Text, null, utf8);

    /// <summary>Whether both messages have the same type and the same payload bytes.</summary>
    /// <param name="other">The other message.</param>
    /// <returns><see langword="true"/> when they are equal.</returns>
    public bool Equals(Message other)
    {
        if (Type != other.Type)
        {
            return false;
        }

        if (_text is not null && other._text is not null)
        {
            return string.Equals(_text, other._text, StringComparison.Ordinal);
        }

        return Data.Span.SequenceEqual(other.Data.Span);
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Message other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Type);
        hash.AddBytes(Data.Span);
        return hash.ToHashCode();
    }

    /// <summary>Whether two messages are equal.</summary>
    /// <param name="left">The first message.</param>
    /// <param name="right">The second message.</param>
    /// <returns><see langword="true"/> when they are equal.</returns>
    public static bool operator ==(Message left, Message right) => left.Equals(right);

    /// <summary>Whether two messages differ.</summary>
    /// <param name="left">The first message.</param>
    /// <param name="right">The second message.</param>
    /// <returns><see langword="true"/> when they differ.</returns>
    public static bool operator !=(Message left, Message right) => !left.Equals(right);

    /// <summary>
    /// A short readable form for logs and test output: <c>text "hello"</c> or <c>binary[4] CA FE BA BE</c>,
    /// long payloads cut with an ellipsis.
    /// </summary>
    /// <returns>The readable form.</returns>
    public override string ToString()
    {
        if (IsText)
        {
            var text = Text;
            return text.Length <= MaxCharsShown
                ? $"text \"{text}\""
                : string.Create(CultureInfo.InvariantCulture, $"text[{text.Length}] \"{text.AsSpan(0, MaxCharsShown)}…\"");
        }

        var span = _data.Span;
        var shown = Convert.ToHexString(span[..Math.Min(span.Length, MaxBytesShown)]);
        var spaced = string.Join(' ', Enumerable.Range(0, shown.Length / 2).Select(i => shown.Substring(i * 2, 2)));
        return string.Create(CultureInfo.InvariantCulture, $"binary[{span.Length}]{(span.Length == 0 ? "" : " ")}{spaced}{(span.Length > MaxBytesShown ? " …" : "")}");
    }
}
