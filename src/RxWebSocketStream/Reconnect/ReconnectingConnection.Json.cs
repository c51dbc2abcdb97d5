using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using RxWebSocketStream.Internal;

namespace RxWebSocketStream;

public sealed partial class ReconnectingConnection
{
    /// <summary>
    /// A typed view of this session: the messages of every connection decoded from JSON as <typeparamref name="T"/>,
    /// and sending of values, with source-generated (trim- and AOT-safe) metadata (docs/typed-messages.md).
    /// </summary>
    /// <typeparam name="T">The type of the values.</typeparam>
    /// <param name="typeInfo">The JSON contract of <typeparamref name="T"/>, such as <c>MyJsonContext.Default.MyType</c>.</param>
    /// <param name="options">Frame type and undecodable-message policy; <see langword="null"/> for text frames, failing on a message that does not decode.</param>
    /// <returns>The view.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="typeInfo"/> is <see langword="null"/>.</exception>
    public JsonReconnectingConnection<T> AsJson<T>(JsonTypeInfo<T> typeInfo, JsonMessageOptions? options = null) =>
        new(this, new JsonCodec<T>(typeInfo, options));

    /// <summary>
    /// A typed view of this session, with reflection-based serialization. Prefer
    /// <see cref="AsJson{T}(JsonTypeInfo{T}, JsonMessageOptions?)"/>, which trimming and native AOT keep working.
    /// </summary>
    /// <typeparam name="T">The type of the values.</typeparam>
    /// <param name="serializerOptions">The serializer options; <see langword="null"/> for <see cref="JsonSerializerOptions.Default"/>.</param>
    /// <param name="options">Frame type and undecodable-message policy; <see langword="null"/> for text frames, failing on a message that does not decode.</param>
    /// <returns>The view.</returns>
    [RequiresUnreferencedCode(JsonMessages.ReflectionUnreferencedCode)]
    [RequiresDynamicCode(JsonMessages.ReflectionDynamicCode)]
    public JsonReconnectingConnection<T> AsJson<T>(JsonSerializerOptions? serializerOptions = null, JsonMessageOptions? options = null) =>
        AsJson(JsonMessages.ReflectionTypeInfo<T>(serializerOptions), options);
}
