using System.Globalization;
using System.Text;

namespace RxWebSocketStream.Testing.Internal;

/// <summary>
/// Compares an expected and an actual sequence the way Microsoft.Reactive.Testing does
/// (<c>expected.SequenceEqual(actual, comparer)</c>: by default the default equality comparer with the expected
/// element as the receiver, so an expected predicate notification is applied to the actual one), and describes
/// a mismatch one element per line with the first difference marked.
/// </summary>
internal static class SequenceComparison
{
    private const string Marker = "  > ";
    private const string NoMarker = "    ";

    /// <summary>Throws <see cref="ReactiveAssertException"/> when the sequences differ.</summary>
    public static void AssertEqual<T>(IEnumerable<T> expected, IEnumerable<T> actual, string? message, IEqualityComparer<T>? comparer = null)
    {
        comparer ??= EqualityComparer<T>.Default;

        // Each sequence is enumerated once: a failure message must not re-run a side-effecting source.
        var expectedItems = expected.ToList();
        var actualItems = actual.ToList();

        if (expectedItems.Count == actualItems.Count && AllEqual(expectedItems, actualItems, comparer))
        {
            return;
        }

        throw new ReactiveAssertException(Describe(expectedItems, actualItems, message, comparer));
    }

    private static bool AllEqual<T>(List<T> expected, List<T> actual, IEqualityComparer<T> comparer)
    {
        for (var i = 0; i < expected.Count; i++)
        {
            if (!comparer.Equals(expected[i], actual[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static string Describe<T>(List<T> expected, List<T> actual, string? message, IEqualityComparer<T> comparer)
    {
        var index = FirstDifference(expected, actual, comparer);
        var text = new StringBuilder();
        if (!string.IsNullOrEmpty(message))
        {
            text.AppendLine(message);
        }

        text.Append(CultureInfo.InvariantCulture, $"Sequences differ at index {index} (expected {expected.Count} elements, actual {actual.Count}).").AppendLine();
        AppendItems(text, "Expected", expected, index);
        AppendItems(text, "Actual", actual, index);
        return text.ToString().TrimEnd();
    }

    /// <summary>
    /// The first index where the sequences differ. Only used once they are known to differ, so a predicate
    /// that throws here (one the verdict never reached because the lengths differ) counts as a difference.
    /// </summary>
    private static int FirstDifference<T>(List<T> expected, List<T> actual, IEqualityComparer<T> comparer)
    {
        var common = Math.Min(expected.Count, actual.Count);
        for (var i = 0; i < common; i++)
        {
            try
            {
                if (!comparer.Equals(expected[i], actual[i]))
                {
                    return i;
                }
            }
            catch (Exception)
            {
                return i;
            }
        }

        return common;
    }

    private static void AppendItems<T>(StringBuilder text, string title, List<T> items, int difference)
    {
        text.Append(title).AppendLine(items.Count == 0 ? ": (empty)" : ":");
        for (var i = 0; i < items.Count; i++)
        {
            text.Append(i == difference ? Marker : NoMarker)
                .Append(CultureInfo.InvariantCulture, $"[{i}] ")
                .AppendLine(Format(items[i]));
        }

        if (difference == items.Count && items.Count > 0)
        {
            text.Append(Marker).AppendLine("(end)");
        }
    }

    private static string Format<T>(T item)
    {
        try
        {
            return item?.ToString() ?? "null";
        }
        catch (Exception e)
        {
            return $"<ToString threw {e.GetType().Name}>";
        }
    }
}
