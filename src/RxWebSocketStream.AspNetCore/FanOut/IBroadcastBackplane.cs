namespace RxWebSocketStream.AspNetCore;

/// <summary>
/// Carries broadcasts between the nodes (server instances) of one application, so that a broadcast made on
/// any node reaches a group's members on every node. A <see cref="Broadcaster"/> takes at most one, through
/// <see cref="BroadcasterOptions.Backplane"/>; without one, a broadcaster reaches only its own node's
/// connections. See docs/fanout.md, "The backplane".
/// </summary>
/// <remarks>
/// <para>The delivery contract an implementation must keep:</para>
/// <list type="bullet">
/// <item><description><b>Every node, once each.</b> A message given to <see cref="Publish"/> on one node is
/// emitted by <see cref="Received"/> once on every other node of the application. It is never emitted back
/// on the node that published it: the broadcaster delivers to its own node's connections itself, without a
/// round trip, so an echo would deliver twice.</description></item>
/// <item><description><b>In the publishing node's order.</b> Messages published by one node are received on
/// every other node in the order <see cref="Publish"/> was called. Messages from different nodes may
/// interleave in any way.</description></item>
/// <item><description><b>One publish per broadcast message per node.</b> The broadcaster calls
/// <see cref="Publish"/> once for each message it broadcasts, whatever the number of recipients on any
/// node (not once per client), so what crosses the backplane grows with the broadcasts, not with the
/// audience. It publishes a group's messages even when the group has no member on its own node.</description></item>
/// <item><description><b>At most once across an outage.</b> While the backplane cannot reach the other
/// nodes, what is published is lost for them, never replayed later out of order, and counted in
/// <see cref="LostMessageCount"/>: nothing is lost silently. The backplane reconnects on its own;
/// <see cref="Received"/> does not end because of an outage.</description></item>
/// <item><description><b>The sender never blocks.</b> <see cref="Publish"/> returns without waiting for the
/// network or for other nodes; it does not throw because the backplane is down (it counts the loss
/// instead).</description></item>
/// </list>
/// <para>The payload crosses as bytes: <see cref="BackplaneMessage.Message"/> is already encoded (a text
/// message's <see cref="Message.Data"/> is its UTF-8, encoded once by the broadcaster), and a received
/// message must have the same <see cref="Message.Type"/> and bytes.</para>
/// </remarks>
public interface IBroadcastBackplane
{
    /// <summary>
    /// Gets the broadcasts published by the other nodes, each once, in each publishing node's order. Calls
    /// follow the Rx grammar (never two at once) and may come on any thread. The broadcaster subscribes once,
    /// when it is created, and disposes that subscription when it is disposed. The sequence does not end on
    /// an outage; it completes when the backplane itself is disposed.
    /// </summary>
    IObservable<BackplaneMessage> Received { get; }

    /// <summary>
    /// Gets how many published messages this node could not hand to the other nodes (published while the
    /// backplane was down, or refused by it), since the backplane was created.
    /// </summary>
    long LostMessageCount { get; }

    /// <summary>
    /// Publishes one broadcast message to the other nodes. Returns at once, in call order with earlier
    /// publishes; never blocks on the network and never throws because the backplane is unreachable (the
    /// message is then counted in <see cref="LostMessageCount"/>).
    /// </summary>
    /// <param name="message">The message and the group it is broadcast to.</param>
    void Publish(BackplaneMessage message);
}
