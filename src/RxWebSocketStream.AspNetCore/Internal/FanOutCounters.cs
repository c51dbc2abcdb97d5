using RxWebSocketStream.Internal;

namespace RxWebSocketStream.AspNetCore.Internal;

/// <summary>
/// Every count a <see cref="Broadcaster"/> keeps, changed only through these methods: the one place to hook
/// metrics or logging into fan-out.
/// </summary>
internal sealed class FanOutCounters(WebSocketMetrics metrics)
{
    private long _dropped;
    private long _slowClientsClosed;

    public long DroppedMessageCount => Interlocked.Read(ref _dropped);

    public long SlowClientsClosedCount => Interlocked.Read(ref _slowClientsClosed);

    /// <summary>Counts messages broadcast to <paramref name="member"/> that it will never be sent.</summary>
    public void Dropped(GroupMember member, int count)
    {
        Interlocked.Add(ref _dropped, count);
        metrics.FanOutDropped.Add(count, Policy(member));
        member.Group.CountDropped(count);
        member.Connection.CountDropped(count);
    }

    /// <summary>Counts a member closed by <see cref="SlowClientPolicy.Close"/>.</summary>
    public void SlowClientClosed(GroupMember member)
    {
        Interlocked.Increment(ref _slowClientsClosed);
        metrics.FanOutSlowClientsClosed.Add(1);
        member.Group.CountSlowClientClosed();
    }

    // Three values at most, whatever the groups are called: group names are the application's and unbounded.
    private static KeyValuePair<string, object?> Policy(GroupMember member) => new("rxws.fanout.policy", member.Group.Options.SlowClient switch
    {
        SlowClientPolicy.DropOldest => "drop_oldest",
        SlowClientPolicy.DropNewest => "drop_newest",
        _ => "close",
    });
}
