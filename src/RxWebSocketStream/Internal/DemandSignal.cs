using System.Threading.Tasks.Sources;

namespace RxWebSocketStream.Internal;

/// <summary>
/// Where the receive loop, its one waiter, parks until a condition may have become true (a first subscriber, the
/// start of a close, the end). Reusable, so parking allocates nothing; the continuation runs inline on the thread
/// that signals, as everywhere in the connection (no thread hop).
/// </summary>
internal sealed class DemandSignal : IValueTaskSource
{
    private readonly object _gate = new();
    private ManualResetValueTaskSourceCore<bool> _core;
    private bool _waiting;

    /// <summary>Completes at once when <paramref name="condition"/> holds, otherwise at the next <see cref="Signal"/>.</summary>
    public ValueTask WaitAsync(Func<bool> condition)
    {
        // Already true: nothing to wait for, and no lock (the pull path passes here once per message). Only the
        // decision to wait needs the lock below.
        if (condition())
        {
            return default;
        }

        lock (_gate)
        {
            // Checked under the lock: a Signal that follows the change behind the condition either finds this
            // waiter registered, or came before the check, which then sees the change.
            if (condition())
            {
                return default;
            }

            _waiting = true;
            return new ValueTask(this, _core.Version);
        }
    }

    /// <summary>Wakes the waiter, if there is one, to check its condition again.</summary>
    public void Signal()
    {
        lock (_gate)
        {
            if (!_waiting)
            {
                return;
            }

            _waiting = false;
        }

        _core.SetResult(true);
    }

    void IValueTaskSource.GetResult(short token)
    {
        try
        {
            _core.GetResult(token);
        }
        finally
        {
            _core.Reset();
        }
    }

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
