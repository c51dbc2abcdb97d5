using System.Reactive;

namespace RxWebSocketStream.Testing.Marbles;

/// <summary>
/// Rounds recorded times down to the start of their frame. A scheduler that runs work due now one tick later
/// (Microsoft.Reactive.Testing's, or this kit's compatible mode) records an event of frame 2 at
/// <c>2 * TicksPerFrame + k</c> after <c>k</c> such hops; a marble test on it compares frames, not ticks.
/// </summary>
internal static class FrameTime
{
    public static long Floor(long ticks) =>
        ticks == Subscription.Infinite ? ticks : ticks - (ticks % MarbleDiagram.TicksPerFrame);

    public static IReadOnlyList<Recorded<Notification<T>>> Floor<T>(IEnumerable<Recorded<Notification<T>>> recorded) =>
        [.. recorded.Select(r => new Recorded<Notification<T>>(Floor(r.Time), r.Value))];

    public static IReadOnlyList<Subscription> Floor(IEnumerable<Subscription> subscriptions) =>
        [.. subscriptions.Select(s => new Subscription(Floor(s.Subscribe), Floor(s.Unsubscribe)))];
}
