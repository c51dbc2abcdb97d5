namespace Rxws.Soak;

/// <summary>
/// One connection's life in the ledger, from connect to its end: the messages sent on it in order and what
/// its echoes looked like. A lane opens a new session after each abort.
/// </summary>
/// <remarks>
/// <see cref="Sent"/> is written by the lane's sender; the echo fields by the connection's subscriber, whose
/// calls the library serializes; the end by the lane once <c>Closed</c> has completed.
/// </remarks>
internal sealed class SoakSession(int id, int lane)
{
    /// <summary>The connection's number, from 1, in the order connections were opened.</summary>
    public int Id { get; } = id;

    /// <summary>The sender (0 to connections - 1) that used this connection.</summary>
    public int Lane { get; } = lane;

    /// <summary>The sequence numbers sent on this connection, in call order (so ascending).</summary>
    public List<int> Sent { get; } = [];

    /// <summary>The highest sequence number echoed on this connection, or -1.</summary>
    public int LastEcho { get; set; } = -1;

    /// <summary>Echoes that came back below an earlier echo of the same connection.</summary>
    public int ReorderedEchoes { get; set; }

    /// <summary>Echoes that carry no sequence number, or one that was not sent on this connection.</summary>
    public int StrayEchoes { get; set; }

    /// <summary>Subscriber calls made after the connection's end was delivered, or while another call was running.</summary>
    public int UnserializedCalls { get; set; }

    /// <summary>Whether the lane recorded the end (<see cref="Clean"/> and <see cref="UnsentReported"/> are final).</summary>
    public bool Ended { get; private set; }

    /// <summary>Whether <c>Closed</c> completed (a clean close) rather than faulted.</summary>
    public bool Clean { get; private set; }

    /// <summary>The <c>UnsentMessageCount</c> of the close info or of the error that ended the connection.</summary>
    public int UnsentReported { get; private set; }

    /// <summary>The lane: the connection has ended, and the library reported <paramref name="unsent"/> sink messages unsent.</summary>
    public void End(bool clean, int unsent)
    {
        Clean = clean;
        UnsentReported = unsent;
        Ended = true;
    }
}
