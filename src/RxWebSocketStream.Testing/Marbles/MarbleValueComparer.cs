using System.Collections;

namespace RxWebSocketStream.Testing.Marbles;

/// <summary>
/// Compares values the way a marble test means them: sequences (a buffer's list, an array) by their
/// elements, everything else with <see cref="object.Equals(object?, object?)"/>.
/// </summary>
internal static class MarbleValueComparer
{
    public static new bool Equals(object? expected, object? actual)
    {
        if (ReferenceEquals(expected, actual))
        {
            return true;
        }

        if (expected is IEnumerable left and not string && actual is IEnumerable right and not string)
        {
            var l = left.GetEnumerator();
            var r = right.GetEnumerator();
            while (true)
            {
                var hasLeft = l.MoveNext();
                if (hasLeft != r.MoveNext())
                {
                    return false;
                }

                if (!hasLeft)
                {
                    return true;
                }

                if (!Equals(l.Current, r.Current))
                {
                    return false;
                }
            }
        }

        return object.Equals(expected, actual);
    }
}
