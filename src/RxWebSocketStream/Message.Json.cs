using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using RxWebSocketStream.Internal;

namespace RxWebSocketStream;

// Typed messages: a value to a message and back, with System.Text.Json (docs/typed-messages.md).
public readonly partial struct Message
{
    /// <summary>
    /// Creates a message holding <paramref name="value"/> as UTF-8 JSON, with source-generated (trim- and AOT-safe)
    /// metadata: pass <c>MyJsonContext.Default.MyType</c> from a <see cref="System.Text.Json.Serialization.JsonSerializerContext"/>.
    /// </summary>
    /// <remarks>
    /// The JSON is written into System.Text.Json's pooled buffer and copied once into an array of its exact size,
    /// which the message keeps (a message has no owner to give a pooled buffer back to); a text message made this way
    /// is sent from those bytes, with no transcoding.
    /// </remarks>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="value">The value.</param>
    /// <param name="typeInfo">The JSON contract of <typeparamref name="T"/>.</param>
    /// <param name="type"><see cref="MessageType.Text"/> (the default) or <see cref="MessageType.Binary"/>: the frame the JSON goes in.</param>
    /// <returns>The message.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="typeInfo"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="type"/> is not a <see cref="MessageType"/> value.</exception>
    /// <exception cref="NotSupportedException">System.Text.Json cannot serialize the value (an unsupported type, a cycle).</exception>
    public static Message FromJson<T>(T value, JsonTypeInfo<T> typeInfo, MessageType type = MessageType.Text)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        JsonMessages.ThrowIfUndefined(type, nameof(type));
        var utf8 = JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
        return new Message(type, null, utf8);
    }

    /// <summary>
    /// Creates a message holding <paramref name="value"/> as UTF-8 JSON, with reflection-based serialization. Prefer
    /// <see cref="FromJson{T}(T, JsonTypeInfo{T}, MessageType)"/>, which trimming and native AOT keep working.
    /// </summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="value">The value.</param>
    /// <param name="options">The serializer options; <see langword="null"/> for <see cref="JsonSerializerOptions.Default"/>.</param>
    /// <param name="type"><see cref="MessageType.Text"/> (the default) or <see cref="MessageType.Binary"/>: the frame the JSON goes in.</param>
    /// <returns>The message.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="type"/> is not a <see cref="MessageType"/> value.</exception>
    /// <exception cref="NotSupportedException">System.Text.Json cannot serialize the value (an unsupported type, a cycle).</exception>
    [RequiresUnreferencedCode(JsonMessages.ReflectionUnreferencedCode)]
    [RequiresDynamicCode(JsonMessages.ReflectionDynamicCode)]
    public static Message FromJson<T>(T value, JsonSerializerOptions? options = null, MessageType type = MessageType.Text) =>
        FromJson(value, JsonMessages.ReflectionTypeInfo<T>(options), type);

    /// <summary>
    /// Reads the message's payload as one JSON value of type <typeparamref name="T"/>, with source-generated (trim- and
    /// AOT-safe) metadata, straight from the bytes the message holds (no string is made). Text and binary messages are
    /// both read as UTF-8 JSON; the typed views (<c>AsJson</c>)
    /// also check the frame type.
    /// </summary>
    /// <typeparam name="T">The type to read.</typeparam>
    /// <param name="typeInfo">The JSON contract of <typeparamref name="T"/>.</param>
    /// <returns>The value; never <see langword="null"/> for a reference type.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="typeInfo"/> is <see langword="null"/>.</exception>
    /// <exception cref="UndecodableMessageException">
    /// The payload is not JSON, is cut short, does not fit <typeparamref name="T"/>, holds more than one value, or is the
    /// JSON <c>null</c> where <typeparamref name="T"/> is a reference type. The exception names the type and the message.
    /// </exception>
    public T ReadJson<T>(JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        T? value;
        try
        {
            // A text message made from a string is read from its chars (System.Text.Json transcodes into a pooled
            // buffer); every other message from its bytes, which reading .Data does not copy.
            value = _text is null
                ? JsonSerializer.Deserialize(_data.Span, typeInfo)
                : JsonSerializer.Deserialize(_text.AsSpan(), typeInfo);
        }
        catch (JsonException e)
        {
            throw new UndecodableMessageException(this, typeof(T), e.Message, e);
        }

        // Deserializing "null" gives null; the typed views promise values, so a null reference is not one.
        // (A Nullable<T> target does take null: then T is a value type and this check is false.)
        if (value is null && !typeof(T).IsValueType)
        {
            throw new UndecodableMessageException(this, typeof(T), "the JSON is null", innerException: null);
        }

        return value!;
    }

    /// <summary>
    /// Reads the message's payload as one JSON value of type <typeparamref name="T"/>, with reflection-based
    /// serialization. Prefer <see cref="ReadJson{T}(JsonTypeInfo{T})"/>, which trimming and native AOT keep working.
    /// </summary>
    /// <typeparam name="T">The type to read.</typeparam>
    /// <param name="options">The serializer options; <see langword="null"/> for <see cref="JsonSerializerOptions.Default"/>.</param>
    /// <returns>The value; never <see langword="null"/> for a reference type.</returns>
    /// <exception cref="UndecodableMessageException">As <see cref="ReadJson{T}(JsonTypeInfo{T})"/>.</exception>
    [RequiresUnreferencedCode(JsonMessages.ReflectionUnreferencedCode)]
    [RequiresDynamicCode(JsonMessages.ReflectionDynamicCode)]
    public T ReadJson<T>(JsonSerializerOptions? options = null) => ReadJson(JsonMessages.ReflectionTypeInfo<T>(options));

    /// <summary>The payload's length in bytes on the wire, without encoding a text made from a string.</summary>
    internal int ByteLength => _text is null ? _data.Length : Encoding.UTF8.GetByteCount(_text);
}
