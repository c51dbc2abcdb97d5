namespace RxWebSocketStream.AspNetCore;

/// <summary>
/// What a <see cref="BroadcastGroup"/> does when a member's queue already holds
/// <see cref="BroadcastGroupOptions.QueueCapacity"/> messages and another broadcast arrives: the member is
/// reading slower than the group broadcasts. Every message dropped is counted
/// (<see cref="BroadcastGroup.DroppedMessageCount"/>, <see cref="Broadcaster.DroppedMessageCount"/>,
/// <see cref="Broadcaster.GetDroppedMessageCount"/>). See docs/fanout.md, "Slow clients", for when to use each.
/// </summary>
public enum SlowClientPolicy
{
    /// <summary>
    /// The default. The slow client is closed with <see cref="BroadcastGroupOptions.CloseStatus"/> (1008 policy
    /// violation or 1013 try again later) and <see cref="BroadcastGroupOptions.CloseReason"/>, and leaves the
    /// group; what was queued for it is dropped and counted. For streams where a gap is worse than a
    /// reconnect: the client knows it missed messages and can resynchronise.
    /// </summary>
    Close,

    /// <summary>
    /// The oldest queued message is dropped to make room: the client stays connected and always gets the
    /// latest. For feeds where the newest value supersedes the older ones (prices, telemetry).
    /// </summary>
    DropOldest,

    /// <summary>
    /// The new message is dropped: the client stays connected and gets an unbroken run of older messages,
    /// then a gap. For streams where what is queued must go out as it was, and later messages may be lost.
    /// </summary>
    DropNewest,
}
