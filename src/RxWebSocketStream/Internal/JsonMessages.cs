using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace RxWebSocketStream.Internal;

/// <summary>What the typed-message API shares: argument checks and the reflection fallback (docs/typed-messages.md).</summary>
internal static class JsonMessages
{
    public const string ReflectionUnreferencedCode =
        "Reflection-based JSON serialization may need members that trimming removes. Pass a JsonTypeInfo<T> from a source-generated JsonSerializerContext instead.";

    public const string ReflectionDynamicCode =
        "Reflection-based JSON serialization may generate code at run time, which native AOT cannot do. Pass a JsonTypeInfo<T> from a source-generated JsonSerializerContext instead.";

    public static void ThrowIfUndefined(MessageType type, string parameterName)
    {
        if (!Enum.IsDefined(type))
        {
            throw new ArgumentOutOfRangeException(parameterName, type, $"{type} is not a MessageType value (Text or Binary).");
        }
    }

    /// <summary>
    /// The contract reflection gives <typeparamref name="T"/> under <paramref name="options"/>, so that the reflection
    /// overloads run exactly the code of the source-generated ones. Locks <paramref name="options"/>, as serializing
    /// with it would.
    /// </summary>
    [RequiresUnreferencedCode(ReflectionUnreferencedCode)]
    [RequiresDynamicCode(ReflectionDynamicCode)]
    public static JsonTypeInfo<T> ReflectionTypeInfo<T>(JsonSerializerOptions? options)
    {
        options ??= JsonSerializerOptions.Default;
        if (!options.IsReadOnly)
        {
            options.MakeReadOnly(populateMissingResolver: true);
        }

        return (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
    }
}
