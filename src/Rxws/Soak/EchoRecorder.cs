using RxWebSocketStream;

namespace Rxws.Soak;

/// <summary>
/// The soak connection's subscriber: records each echo in the ledger, reopens the sender's window by one for
/// each first echo, and checks the Rx grammar the library promises (calls serialized, nothing after the end).
/// When the client breaks connections, it calls <c>atEcho</c> with each echo's sequence number.
/// </summary>
internal sealed class EchoRecorder(SoakSession session, SoakLedger ledger, SemaphoreSlim window, int windowSize, int messageSize, Action<long>? atEcho) : IObserver<Message>
{
    private int _inCall;
    private volatile bool _ended;

    /// <summary>Whether the connection's end (<c>OnError</c> or <c>OnCompleted</c>) has been delivered.</summary>
    public bool Ended => _ended;

    public void OnNext(Message value)
    {
        var overlapping = Enter();
        if (_ended)
        {
            session.UnserializedCalls++;
        }

        var sequence = SoakPayload.ReadEcho(value, messageSize);
        if (ledger.Echoed(session, sequence))
        {
            window.Release();
        }

        atEcho?.Invoke(sequence);
        Leave(overlapping);
    }

    public void OnError(Exception error) => End();

    public void OnCompleted() => End();

    private void End()
    {
        var overlapping = Enter();
        _ended = true;

        // Wake the sender whatever it waits for (room, or the last echoes): it sees the end and stops.
        window.Release(windowSize + 1);
        Leave(overlapping);
    }

    private bool Enter()
    {
        var overlapping = Interlocked.Exchange(ref _inCall, 1) != 0;
        if (overlapping)
        {
            session.UnserializedCalls++;
        }

        return overlapping;
    }

    private void Leave(bool overlapping)
    {
        if (!overlapping)
        {
            Volatile.Write(ref _inCall, 0);
        }
    }
}
