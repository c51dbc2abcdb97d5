namespace Rxws.Soak;

/// <summary>
/// What happened to every message, recorded as it happens by the three parties that know: the lane's
/// sender (which connection, which path, and whether the library refused or faulted it), the transport
/// under the library (whether the message was handed to the socket and the socket took it), and the
/// connection's subscriber (its echoes). Each array has one writer at a time per message; the tally reads
/// them once every lane has finished.
/// </summary>
internal sealed partial class SoakLedger
{
    private readonly int[] _sessionOf;
    private readonly Route[] _route;
    private readonly Wire[] _wire;
    private readonly byte[] _echoes;
    private readonly List<SoakSession> _sessions = [];
    private int _next = -1;
    private int _handedTwice;
    private volatile bool _stopped;

    public SoakLedger(int messages)
    {
        Messages = messages;
        _sessionOf = new int[messages];
        _route = new Route[messages];
        _wire = new Wire[messages];
        _echoes = new byte[messages];
    }

    /// <summary>How the sender gave a message to the library, and what the library said about it.</summary>
    public enum Route : byte
    {
        /// <summary>Never sent.</summary>
        None,

        /// <summary>Accepted by <c>Sink.OnNext</c>; unsent only if the connection's <c>UnsentMessageCount</c> covers it.</summary>
        Sink,

        /// <summary>Refused by <c>Sink.OnNext</c>: <c>DroppedMessageCount</c> went up during the call.</summary>
        SinkRefused,

        /// <summary>Given to <c>SendAsync</c>; its task has not been looked at yet.</summary>
        SendAsync,

        /// <summary>Its <c>SendAsync</c> task completed: handed to the socket.</summary>
        SendAsyncCompleted,

        /// <summary>Its <c>SendAsync</c> task faulted: reported unsent.</summary>
        SendAsyncFaulted,
    }

    /// <summary>What the socket under the library saw of a message.</summary>
    public enum Wire : byte
    {
        /// <summary>Never handed to the socket.</summary>
        None,

        /// <summary>The library called the socket's <c>SendAsync</c>, which has not returned yet.</summary>
        Handed,

        /// <summary>The socket's <c>SendAsync</c> completed: the message is in TCP's hands.</summary>
        Written,

        /// <summary>The socket's <c>SendAsync</c> threw.</summary>
        Failed,
    }

    public int Messages { get; }

    /// <summary>Opens a session for a new connection of <paramref name="lane"/>.</summary>
    public SoakSession OpenSession(int lane)
    {
        lock (_sessions)
        {
            var session = new SoakSession(_sessions.Count + 1, lane);
            _sessions.Add(session);
            return session;
        }
    }

    /// <summary>Whether <see cref="Stop"/> was called: the tally then covers the messages sent so far.</summary>
    public bool Stopped => _stopped;

    /// <summary>Whether numbers are left to take.</summary>
    public bool HasMore => !_stopped && Volatile.Read(ref _next) < Messages - 1;

    /// <summary>No more numbers are handed out (SIGINT): the lanes finish what they sent and close.</summary>
    public void Stop() => _stopped = true;

    /// <summary>Takes the next sequence number, shared by every lane; false once all have been taken, or after <see cref="Stop"/>.</summary>
    public bool TryTake(out int sequence)
    {
        if (_stopped)
        {
            sequence = -1;
            return false;
        }

        var next = Interlocked.Increment(ref _next);
        sequence = next < Messages ? next : -1;
        return next < Messages;
    }

    /// <summary>Records, before the call, that <paramref name="sequence"/> goes to the library on <paramref name="session"/>.</summary>
    public void Sending(SoakSession session, int sequence, Route route)
    {
        _sessionOf[sequence] = session.Id;
        _route[sequence] = route;
        session.Sent.Add(sequence);
    }

    /// <summary>Records what the library said about a message after the call (refused) or when its task ended.</summary>
    public void Outcome(int sequence, Route route) => _route[sequence] = route;

    /// <summary>The transport: the library is handing <paramref name="sequence"/> to the socket.</summary>
    public void Handed(long sequence)
    {
        if (sequence >= 0 && sequence < Messages)
        {
            if (_wire[sequence] != Wire.None)
            {
                // The library wrote the same message twice.
                Interlocked.Increment(ref _handedTwice);
            }

            _wire[sequence] = Wire.Handed;
        }
    }

    /// <summary>The transport: the socket's <c>SendAsync</c> for <paramref name="sequence"/> returned, or threw.</summary>
    public void Written(long sequence, bool succeeded)
    {
        if (sequence >= 0 && sequence < Messages)
        {
            _wire[sequence] = succeeded ? Wire.Written : Wire.Failed;
        }
    }

    /// <summary>
    /// The subscriber: an echo of <paramref name="sequence"/> arrived on <paramref name="session"/>. Returns
    /// whether it is the first echo of a message sent on that connection (the sender's window reopens).
    /// </summary>
    public bool Echoed(SoakSession session, long sequence)
    {
        if (sequence < 0 || sequence >= Messages || _sessionOf[sequence] != session.Id)
        {
            session.StrayEchoes++;
            return false;
        }

        var before = _echoes[sequence];
        _echoes[sequence] = (byte)Math.Min(before + 1, byte.MaxValue);
        if (before > 0)
        {
            return false;
        }

        if (sequence < session.LastEcho)
        {
            session.ReorderedEchoes++;
        }
        else
        {
            session.LastEcho = (int)sequence;
        }

        return true;
    }
}
