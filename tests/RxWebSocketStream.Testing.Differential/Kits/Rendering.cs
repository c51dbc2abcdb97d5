using System.Globalization;
using System.Reactive;

namespace RxWebSocketStream.Testing.Differential.Kits;

/// <summary>
/// Renders recordings of either kit the same way. Errors print as type and message: each kit's run throws its
/// own <see cref="TimeoutException"/> instance, so only what they say can be compared.
/// </summary>
internal static class Rendering
{
    public static string Message<T>(long time, Notification<T> notification) => notification.Kind switch
    {
        NotificationKind.OnNext => string.Create(CultureInfo.InvariantCulture, $"OnNext({notification.Value})@{time}"),
        NotificationKind.OnError => string.Create(CultureInfo.InvariantCulture, $"OnError({Error(notification.Exception!)})@{time}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"OnCompleted()@{time}"),
    };

    public static string Subscription(long subscribe, long unsubscribe) => unsubscribe == long.MaxValue
        ? string.Create(CultureInfo.InvariantCulture, $"({subscribe}, Infinite)")
        : string.Create(CultureInfo.InvariantCulture, $"({subscribe}, {unsubscribe})");

    public static string Error(Exception error) => $"{error.GetType().Name}: {error.Message}";
}
