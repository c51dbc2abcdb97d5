namespace RxWebSocketStream.Internal;

/// <summary>
/// Serializes every call into a connection's subscribers, as the Rx grammar requires: never two calls at once, the
/// terminal call exactly once and last, whichever thread ends the connection. No lock is held while subscriber code
/// runs and no thread is hopped to: a terminal call that finds a delivery in progress is left for that delivery's
/// thread, which makes it as soon as its <c>OnNext</c> returns (also when that <c>OnNext</c> itself ended the
/// connection, by calling <c>Close</c> or <c>Dispose</c>).
/// </summary>
/// <remarks>
/// A message costs one compare-exchange to enter and one exchange to leave. The hand-over is a store-then-fence-
/// then-load on both sides: the ending side publishes <see cref="_end"/> and then tries to enter; the delivering
/// side leaves and then looks at <see cref="_end"/>. Whichever comes second sees the other, so the end is never
/// stranded, and <see cref="Interlocked.Exchange{T}(ref T, T)"/> on <see cref="_end"/> makes sure it runs once.
/// </remarks>
internal sealed class SerialObserverCalls
{
    private const int Idle = 0;
    private const int Delivering = 1;
    private const int Ended = 2;

    private int _state;
    private Action? _end;

    /// <summary>Starts a delivery; false once the end was delivered (nothing may follow it) or is being delivered.</summary>
    public bool TryEnter() => Interlocked.CompareExchange(ref _state, Delivering, Idle) == Idle;

    /// <summary>Ends a delivery, and makes the terminal call if one arrived meanwhile.</summary>
    public void Exit()
    {
        Interlocked.Exchange(ref _state, Idle);
        if (Volatile.Read(ref _end) is not null)
        {
            TryDeliverEnd();
        }
    }

    /// <summary>
    /// Makes the terminal call now, or as soon as the delivery in progress has finished. After it, <see cref="TryEnter"/>
    /// always fails. Only the first end is ever delivered.
    /// </summary>
    public void End(Action deliverEnd)
    {
        Interlocked.CompareExchange(ref _end, deliverEnd, null);
        TryDeliverEnd();
    }

    private void TryDeliverEnd()
    {
        if (Interlocked.CompareExchange(ref _state, Ended, Idle) == Idle)
        {
            Interlocked.Exchange(ref _end, null)?.Invoke();
        }
    }
}
