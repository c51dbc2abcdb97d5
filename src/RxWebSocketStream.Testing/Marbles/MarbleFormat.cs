using System.Collections;
using System.Globalization;
using System.Reactive;

namespace RxWebSocketStream.Testing.Marbles;

/// <summary>How values, notifications and times are written in renderings and failure reports.</summary>
internal static class MarbleFormat
{
    public static string Value(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        char c => $"'{c}'",
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Value)) + "]",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    public static string Error(Exception error) => $"{error.GetType().Name}: {error.Message}";

    public static string Notification<T>(Notification<T> notification, ErrorExpectation? expectedError = null) => notification.Kind switch
    {
        NotificationKind.OnNext => $"OnNext({Value(notification.Value)})",
        NotificationKind.OnError => $"OnError({expectedError?.Description ?? Error(notification.Exception!)})",
        _ => "OnCompleted()",
    };

    /// <summary>A time in ticks as frames: <c>frame 4</c>, or <c>frame 4.5 (45000 ticks)</c> between frames.</summary>
    public static string Time(long ticks) => ticks % MarbleDiagram.TicksPerFrame == 0
        ? string.Create(CultureInfo.InvariantCulture, $"frame {ticks / MarbleDiagram.TicksPerFrame}")
        : string.Create(CultureInfo.InvariantCulture, $"frame {(decimal)ticks / MarbleDiagram.TicksPerFrame} ({ticks} ticks)");
}
