namespace RxWebSocketStream.Tests.Reconnect;

/// <summary>
/// The status-bar mapping docs/reconnect.md shows (kept identical by <c>ReconnectingConnectionLifecycleTests</c>):
/// a UI that keys on <see cref="SessionState.Closed.WillReconnect"/> stays on "reconnecting" through an outage.
/// </summary>
internal static class StatusBar
{
    // <status>
    public static string Status(SessionState state) => state switch
    {
        SessionState.Connecting { Attempt: 0 } => "connecting",
        SessionState.Open => "online",
        SessionState.Closing => "closing",
        SessionState.Closed { WillReconnect: false } closed => $"closed ({closed.Code})",
        _ => "reconnecting", // a Closed that a reconnect follows, WaitingToReconnect, Connecting 1, 2, ...
    };
    // </status>
}
