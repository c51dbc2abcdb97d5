namespace RxWebSocketStream.Redis.Internal;

/// <summary>
/// The last sequence number seen from each publishing node, so that a receiver delivers each broadcast once and in
/// the publisher's order, and counts what it missed: a jump from 7 to 10 means 8 and 9 were published but never
/// arrived here (this node's subscription was down meanwhile). Used by the single receive loop only: no lock.
/// </summary>
internal sealed class PublisherSequences
{
    private readonly Dictionary<Guid, long> _last = [];

    /// <summary>Records a broadcast's sequence number.</summary>
    /// <param name="node">The publishing node.</param>
    /// <param name="sequence">Its sequence number.</param>
    /// <param name="missed">How many of that node's broadcasts were skipped before this one (0 for the first one seen from a node: what it published before this node listened was never owed to it).</param>
    /// <returns><see langword="false"/> when the number was already seen (a repeat, or older): do not deliver it.</returns>
    public bool Next(Guid node, long sequence, out long missed)
    {
        missed = 0;
        if (_last.TryGetValue(node, out var last))
        {
            if (sequence <= last)
            {
                return false;
            }

            missed = sequence - last - 1;
        }

        _last[node] = sequence;
        return true;
    }
}
