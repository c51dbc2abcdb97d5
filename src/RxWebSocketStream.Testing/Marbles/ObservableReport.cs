using System.Reactive;

namespace RxWebSocketStream.Testing.Marbles;

/// <summary>Compares an observable's recording with the expected one and writes the failure report.</summary>
internal static class ObservableReport
{
    /// <summary>Returns <see langword="null"/> when the recordings match, else the report.</summary>
    public static string? Compare<T>(
        string header,
        IReadOnlyList<Recorded<Notification<T>>> expected,
        IReadOnlyList<Recorded<Notification<T>>> actual,
        ErrorExpectation error,
        IReadOnlyDictionary<char, T>? values,
        Subscription? subscription)
    {
        var index = 0;
        while (index < expected.Count && index < actual.Count && Matches(expected[index], actual[index], error))
        {
            index++;
        }

        if (index == expected.Count && index == actual.Count)
        {
            return null;
        }

        var symbols = new MarbleSymbolTable<T>(values);
        var lines = new List<MarbleLine> { MarbleLine.FromEvents(expected, symbols), MarbleLine.FromEvents(actual, symbols) };
        if (subscription is { } s)
        {
            lines.Add(MarbleLine.FromSubscription(s));
        }

        var timeline = new MarbleTimeline(lines);
        var report = new MarbleReport(header)
            .Row("expected", timeline.Draw(0))
            .Row("actual", timeline.Draw(1));
        if (subscription is not null)
        {
            report.Row("subscribed", timeline.Draw(2));
        }

        if (symbols.Legend.Count > 0)
        {
            report.Row("values", string.Join(", ", symbols.Legend.Select(entry => $"{entry.Key} = {entry.Value}")));
        }

        var e = index < expected.Count ? expected[index] : (Recorded<Notification<T>>?)null;
        var a = index < actual.Count ? actual[index] : (Recorded<Notification<T>>?)null;
        var time = Math.Min(e?.Time ?? long.MaxValue, a?.Time ?? long.MaxValue);
        return report.Finish(
            $"First difference, at {MarbleFormat.Time(time)}:",
            e is { } x && x.Time == time ? MarbleFormat.Notification(x.Value, error) : "nothing",
            a is { } y && y.Time == time ? MarbleFormat.Notification(y.Value) : "nothing",
            Note(lines, actual));
    }

    private static bool Matches<T>(Recorded<Notification<T>> expected, Recorded<Notification<T>> actual, ErrorExpectation error) =>
        expected.Time == actual.Time
        && expected.Value.Kind == actual.Value.Kind
        && expected.Value.Kind switch
        {
            NotificationKind.OnNext => MarbleValueComparer.Equals(expected.Value.Value, actual.Value.Value),
            NotificationKind.OnError => error.Matches(actual.Value.Exception!),
            _ => true,
        };

    private static string? Note<T>(List<MarbleLine> lines, IReadOnlyList<Recorded<Notification<T>>> actual)
    {
        if (lines[1].IsExact)
        {
            return null;
        }

        var events = actual.Select(r => $"{MarbleFormat.Notification(r.Value)} at {MarbleFormat.Time(r.Time)}");
        return "The actual diagram is approximate: events inside the width of a group (or between frames) are drawn in the next free frame.\n"
            + "Actual events: " + string.Join(", ", events) + ".";
    }
}
