using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace RxWebSocketStream;

public sealed partial class ReconnectingConnection
{
    // Guarded by _gate: the ReadAllAsync consumers, each told of every connection as it is made.
    private readonly List<SessionReader> _readers = [];

    // Guarded by _gate: numbers the connections in the order they were made, so each consumer reads them in that order.
    private long _connectionNumber;

    // Guarded by _gate: how the messages ended, for a consumer that comes after the end.
    private Exception? _endError;

    /// <summary>
    /// Reads the messages of every connection of the session in turn, on demand: nothing is read from a connection's
    /// socket until the consumer asks (with several readers and subscribers, the slowest sets the pace, as on a single
    /// connection). It starts the session if it has not started. A consumer that joins a running session reads from the
    /// next message its connection reads; once in, it is told of each new connection before that connection reads
    /// anything, so no message between two connections is missed.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The enumeration ends as the session's messages do: it completes after <see cref="Close"/>, dispose, or a clean
    /// close the policy does not retry, and throws the last connection's error when the session stops reconnecting
    /// after a failure. A connection that fails and is followed by a reconnect does not end it: the messages that
    /// connection delivered are all yielded, then those of the next. After <see cref="Dispose"/> it yields what the
    /// connection then closing still delivers (messages the peer sent before its close frame), then ends.
    /// </para>
    /// <para>
    /// Cancelling <paramref name="cancellationToken"/> (or the token given to <c>GetAsyncEnumerator</c>) makes the
    /// pending <c>MoveNextAsync</c> throw <see cref="OperationCanceledException"/>. Leaving the loop, by cancellation
    /// or early, does not stop the session (as disposing a subscription does not); dispose the session for that.
    /// </para>
    /// </remarks>
    /// <param name="cancellationToken">Stops waiting for the next message.</param>
    /// <returns>The messages, in the order the connections delivered them.</returns>
    public IAsyncEnumerable<Message> ReadAllAsync(CancellationToken cancellationToken = default) => ReadAllCoreAsync(cancellationToken);

    private async IAsyncEnumerable<Message> ReadAllCoreAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var reader = new SessionReader(cancellationToken);
        AddReader(reader);
        try
        {
            Start();
            while (await reader.NextSegmentAsync().ConfigureAwait(false) is { } segment)
            {
                try
                {
                    var next = segment.Messages.MoveNextAsync();
                    while (await ReadNextAsync(next, cancellationToken).ConfigureAwait(false))
                    {
                        yield return segment.Messages.Current;
                        next = segment.Messages.MoveNextAsync();
                    }
                }
                finally
                {
                    await segment.Messages.DisposeAsync().ConfigureAwait(false);
                }
            }

            if (reader.Error is { } error)
            {
                // The very object the session's messages ended with (the last connection's failure).
                ExceptionDispatchInfo.Throw(error);
            }
        }
        finally
        {
            RemoveReader(reader);
            await reader.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The next message of one connection: false at its end, whether clean or not.</summary>
    private static async ValueTask<bool> ReadNextAsync(ValueTask<bool> move, CancellationToken cancellationToken)
    {
        try
        {
            return await move.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception)
        {
            // This connection failed. What follows is the session's decision: the next connection, or the end of the
            // session with this very error (SessionReader.Error).
            return false;
        }
    }

    private void AddReader(SessionReader reader)
    {
        WebSocketConnection? current = null;
        long number = 0;
        bool ended;
        Exception? error;
        lock (_gate)
        {
            ended = _messagesEnded;
            error = _endError;
            if (!ended)
            {
                _readers.Add(reader);
                current = _current;
                number = _connectionNumber;
            }
        }

        if (ended)
        {
            reader.End(error);
        }
        else if (current is not null)
        {
            reader.Attach(number, current)?.TrySetResult();
        }
    }

    private void RemoveReader(SessionReader reader)
    {
        lock (_gate)
        {
            _readers.Remove(reader);
        }
    }

    /// <summary>One connection as a <see cref="ReadAllAsync"/> consumer sees it: a reader subscribed to it, asking for nothing yet.</summary>
    private sealed record Segment(long Number, IAsyncEnumerator<Message> Messages);

    /// <summary>
    /// One <see cref="ReadAllAsync"/> consumer: the connections it is to read, in order, and how the session ended.
    /// Completions run inline (no thread hop), as everywhere in the library.
    /// </summary>
    private sealed class SessionReader(CancellationToken cancellationToken) : IAsyncDisposable
    {
        private readonly object _gate = new();
        private readonly List<Segment> _segments = [];
        private long _lastTaken;
        private bool _ended;
        private bool _disposed;
        private TaskCompletionSource? _waiter;

        /// <summary>The session's error, once it has ended with one.</summary>
        public Exception? Error { get; private set; }

        /// <summary>
        /// Subscribes a reader to <paramref name="connection"/> at once, asking for nothing: the connection reads
        /// nothing until the consumer gets to it. Returns the consumer's waiter, for the caller to complete once the
        /// session's own subscription is in place too (completing it may run the consumer, and so the connection's
        /// reads, on the calling thread).
        /// </summary>
        public TaskCompletionSource? Attach(long number, WebSocketConnection connection)
        {
            var messages = connection.AttachReader(cancellationToken);
            TaskCompletionSource? waiter = null;
            bool taken;
            lock (_gate)
            {
                // A connection made after the end, or older than one already read (an attach delayed on another
                // thread), is not read.
                taken = !_ended && !_disposed && number > _lastTaken;
                if (taken)
                {
                    var index = _segments.FindIndex(s => s.Number > number);
                    _segments.Insert(index < 0 ? _segments.Count : index, new Segment(number, messages));
                    waiter = _waiter;
                    _waiter = null;
                }
            }

            if (!taken)
            {
                _ = messages.DisposeAsync();
            }

            return waiter;
        }

        /// <summary>The next connection to read, or null once the session has ended and every connection was read.</summary>
        public async ValueTask<Segment?> NextSegmentAsync()
        {
            while (true)
            {
                TaskCompletionSource waiter;
                lock (_gate)
                {
                    if (_segments.Count > 0)
                    {
                        var segment = _segments[0];
                        _segments.RemoveAt(0);
                        _lastTaken = segment.Number;
                        return segment;
                    }

                    if (_ended)
                    {
                        return null;
                    }

                    waiter = _waiter ??= new TaskCompletionSource();
                }

                await waiter.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>The session's messages ended: after the connections already attached, the enumeration ends.</summary>
        public void End(Exception? error)
        {
            TaskCompletionSource? waiter;
            lock (_gate)
            {
                if (_ended)
                {
                    return;
                }

                _ended = true;
                Error = error;
                waiter = _waiter;
                _waiter = null;
            }

            waiter?.TrySetResult();
        }

        /// <summary>The consumer left: unsubscribes from every connection it had not got to yet.</summary>
        public async ValueTask DisposeAsync()
        {
            Segment[] left;
            lock (_gate)
            {
                _disposed = true;
                left = [.. _segments];
                _segments.Clear();
            }

            foreach (var segment in left)
            {
                await segment.Messages.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
