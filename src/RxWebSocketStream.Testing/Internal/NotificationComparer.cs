using System.Reactive;

namespace RxWebSocketStream.Testing.Internal;

/// <summary>
/// Compares materialized notifications with an element comparer: values of <c>OnNext</c> through it, exceptions
/// of <c>OnError</c> as <see cref="Notification{T}"/> does (<see cref="object.Equals(object, object)"/>, so the
/// very same instance unless the exception type says otherwise), completions always equal.
/// </summary>
internal sealed class NotificationComparer<T>(IEqualityComparer<T> values) : IEqualityComparer<Notification<T>>
{
    public bool Equals(Notification<T>? x, Notification<T>? y)
    {
        if (x is null || y is null)
        {
            return x is null && y is null;
        }

        return x.Kind == y.Kind && x.Kind switch
        {
            NotificationKind.OnNext => values.Equals(x.Value, y.Value),
            NotificationKind.OnError => Equals(x.Exception, y.Exception),
            _ => true,
        };
    }

    public int GetHashCode(Notification<T> obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return obj.Kind switch
        {
            NotificationKind.OnNext => obj.Value is { } value ? values.GetHashCode(value) : 0,
            NotificationKind.OnError => obj.Exception!.GetHashCode(),
            _ => (int)obj.Kind,
        };
    }
}
