using RxWebSocketStream.Internal;
using System.Threading.Tasks.Sources;

namespace RxWebSocketStream;

public sealed partial class WebSocketConnection
{
    // Pull consumers, copy-on-write under _subscribersGate. Each is also in _observers, so it hears the end.
    private PullReader[] _readers = [];

    /// <summary>
    /// Reads the peer's messages on demand: nothing is read from the socket until the consumer asks for
    /// the next message, so a slow consumer slows the peer through TCP, like the browser's readable
    /// stream. It counts as a subscriber: leaving the loop early is an unsubscription, and when it was the
    /// last one the connection closes. The enumeration ends after a clean close and throws the
    /// <see cref="WebSocketConnectionException"/> of an unclean one.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting for the next message (and ends this reader's subscription).</param>
    /// <returns>The messages, in wire order.</returns>
    public IAsyncEnumerable<Message> ReadAllAsync(CancellationToken cancellationToken = default) =>
        new ReaderEnumerable(this, cancellationToken);

    private IDisposable SubscribeReader(PullReader reader)
    {
        bool closing;
        lock (_subscribersGate)
        {
            if (_life.Phase != ConnectionPhase.Closed)
            {
                _readers = [.. _readers, reader];
            }

            closing = _life.Phase == ConnectionPhase.Closing;
        }

        if (closing)
        {
            reader.StopBackpressure();
        }

        var subscription = Subscribe(reader);
        return System.Reactive.Disposables.Disposable.Create(() =>
        {
            lock (_subscribersGate)
            {
                var index = Array.IndexOf(_readers, reader);
                if (index >= 0)
                {
                    _readers = [.. _readers.AsSpan(0, index), .. _readers.AsSpan(index + 1)];
                }
            }

            reader.Detach();
            subscription.Dispose();
        });
    }

    /// <summary>Whether every pull consumer is asking for a message (or none is there): a check without waiting.</summary>
    private bool ReadersWantMore()
    {
        foreach (var reader in Volatile.Read(ref _readers))
        {
            if (!reader.WantsMore)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Before a message is read from the socket: wait until every pull consumer has asked for more.</summary>
    private ValueTask WaitForReadersAsync()
    {
        var readers = Volatile.Read(ref _readers);
        return readers.Length switch
        {
            0 => default,
            1 => readers[0].WaitForDemandAsync(),
            _ => WaitForAllAsync(readers),
        };

        static async ValueTask WaitForAllAsync(PullReader[] readers)
        {
            foreach (var reader in readers)
            {
                await reader.WaitForDemandAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Closing: pull consumers stop holding the receive loop back, so the peer's close frame is read.</summary>
    private void StopReaderBackpressure()
    {
        foreach (var reader in Volatile.Read(ref _readers))
        {
            reader.StopBackpressure();
        }
    }

    /// <summary>
    /// The hand-off between the receive loop and one <see cref="ReadAllAsync"/> consumer. While the
    /// connection is open the loop reads only when the consumer asks, so at most one message is in hand.
    /// Once it is closing the loop must read on to the peer's close frame; what arrives then waits in the
    /// backlog for the consumer, which drains it before it hears of the end. Completions run inline (no
    /// thread hop), as everywhere in the connection.
    /// </summary>
    private sealed class PullReader : IObserver<Message>
    {
        private readonly object _gate = new();
        private readonly Queue<Message> _backlog = new();

        // Two reusable hand-offs (no allocation per message); one consumer awaits each at a time, and
        // continuations run inline (ManualResetValueTaskSourceCore defaults to that), as everywhere here.
        private readonly Reusable _nextSource = new();
        private readonly Reusable _demandSource = new();
        private bool _nextPending;
        private bool _demandPending;
        private bool _wantsMore;
        private bool _noBackpressure;
        private bool _ended;
        private Exception? _error;

        public Message Current { get; private set; }

        /// <summary>
        /// Whether the receive loop may read for this consumer now, without waiting: a check without the lock, on
        /// the per-message path. A stale "no" only sends the loop to <see cref="WaitForDemandAsync"/>, which decides
        /// under the lock; a stale "yes" cannot happen, since only the loop itself (in OnNext) clears the demand.
        /// </summary>
        public bool WantsMore => Volatile.Read(ref _wantsMore) || Volatile.Read(ref _ended) || Volatile.Read(ref _noBackpressure);

        public ValueTask<bool> MoveNextAsync()
        {
            bool demand;
            short version;
            lock (_gate)
            {
                if (_backlog.TryDequeue(out var queued))
                {
                    Current = queued;
                    return new(true);
                }

                if (_ended)
                {
                    return _error is null ? new(false) : ValueTask.FromException<bool>(_error);
                }

                _nextPending = true;
                version = _nextSource.Version;
                _wantsMore = true;
                demand = _demandPending;
                _demandPending = false;
            }

            if (demand)
            {
                _demandSource.SetResult(true);
            }

            return new ValueTask<bool>(_nextSource, version);
        }

        public ValueTask WaitForDemandAsync()
        {
            lock (_gate)
            {
                if (_wantsMore || _ended || _noBackpressure)
                {
                    return default;
                }

                _demandPending = true;
                return new(_demandSource, _demandSource.Version);
            }
        }

        public void StopBackpressure()
        {
            bool demand;
            lock (_gate)
            {
                _noBackpressure = true;
                demand = _demandPending;
                _demandPending = false;
            }

            if (demand)
            {
                _demandSource.SetResult(true);
            }
        }

        public void OnNext(Message value)
        {
            lock (_gate)
            {
                _wantsMore = false;
                if (!_nextPending)
                {
                    // Only while closing (the loop reads without waiting for demand then).
                    _backlog.Enqueue(value);
                    return;
                }

                _nextPending = false;
                Current = value;
            }

            _nextSource.SetResult(true);
        }

        public void OnError(Exception error) => End(error);

        public void OnCompleted() => End(null);

        /// <summary>The consumer left: never make the receive loop wait for it again.</summary>
        public void Detach()
        {
            lock (_gate)
            {
                _backlog.Clear();
            }

            End(null);
        }

        private void End(Exception? error)
        {
            bool next;
            bool demand;
            lock (_gate)
            {
                if (_ended)
                {
                    return;
                }

                _ended = true;
                _error = error;
                next = _nextPending;
                demand = _demandPending;
                _nextPending = false;
                _demandPending = false;
            }

            if (demand)
            {
                _demandSource.SetResult(true);
            }

            if (next)
            {
                if (error is null)
                {
                    _nextSource.SetResult(false);
                }
                else
                {
                    _nextSource.SetException(error);
                }
            }
        }

        /// <summary>A reusable completion, reset when its result is taken.</summary>
        private sealed class Reusable : IValueTaskSource<bool>, IValueTaskSource
        {
            private ManualResetValueTaskSourceCore<bool> _core;

            public short Version => _core.Version;

            public void SetResult(bool value) => _core.SetResult(value);

            public void SetException(Exception error) => _core.SetException(error);

            public bool GetResult(short token)
            {
                try
                {
                    return _core.GetResult(token);
                }
                finally
                {
                    _core.Reset();
                }
            }

            void IValueTaskSource.GetResult(short token) => GetResult(token);

            public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

            public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
                _core.OnCompleted(continuation, state, token, flags);
        }
    }
}
