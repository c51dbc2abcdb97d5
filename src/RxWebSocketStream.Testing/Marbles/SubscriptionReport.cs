namespace RxWebSocketStream.Testing.Marbles;

/// <summary>Compares subscription logs with the expected diagrams and writes the failure report.</summary>
internal static class SubscriptionReport
{
    /// <summary>Returns <see langword="null"/> when the logs match, else the report.</summary>
    public static string? Compare(string header, IReadOnlyList<Subscription> expected, IReadOnlyList<Subscription> actual)
    {
        var index = 0;
        while (index < expected.Count && index < actual.Count && expected[index] == actual[index])
        {
            index++;
        }

        if (index == expected.Count && index == actual.Count)
        {
            return null;
        }

        var lines = expected.Concat(actual).Select(MarbleLine.FromSubscription).ToList();
        var timeline = new MarbleTimeline(lines);
        var report = new MarbleReport(header);
        AddRows(report, "expected", timeline, 0, expected.Count);
        AddRows(report, "actual", timeline, expected.Count, actual.Count);

        var count = Math.Max(expected.Count, actual.Count);
        return report.Finish(
            $"First difference, subscription {index + 1} of {count}:",
            index < expected.Count ? Describe(expected[index]) : "none",
            index < actual.Count ? Describe(actual[index]) : "none");
    }

    private static void AddRows(MarbleReport report, string label, MarbleTimeline timeline, int first, int count)
    {
        if (count == 0)
        {
            report.Row(label, "(no subscription)");
        }

        for (var i = 0; i < count; i++)
        {
            report.Row(i == 0 ? label : string.Empty, timeline.Draw(first + i));
        }
    }

    private static string Describe(Subscription subscription) =>
        subscription.Unsubscribe == Subscription.Infinite
            ? $"subscribed at {MarbleFormat.Time(subscription.Subscribe)}, never unsubscribed"
            : $"subscribed at {MarbleFormat.Time(subscription.Subscribe)}, unsubscribed at {MarbleFormat.Time(subscription.Unsubscribe)}";
}
