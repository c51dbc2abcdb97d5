namespace RxWebSocketStream;

public sealed partial class WebSocketConnection
{
    /// <summary>
    /// What <see cref="ReadAllAsync"/> returns. Written by hand rather than as an <c>async</c> iterator: the
    /// enumerator hands out the <see cref="PullReader"/>'s own <see cref="ValueTask{TResult}"/>, so a message
    /// costs one awaited hand-off instead of two nested state machines (rxws bench receive/read_all).
    /// </summary>
    private sealed class ReaderEnumerable(WebSocketConnection connection, CancellationToken readCancellation) : IAsyncEnumerable<Message>
    {
        public IAsyncEnumerator<Message> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
            new ReaderEnumerator(connection, Combine(readCancellation, cancellationToken));

        // Either token stops the enumeration, as [EnumeratorCancellation] does for an async iterator.
        private static (CancellationToken Token, CancellationTokenSource? Linked) Combine(CancellationToken first, CancellationToken second)
        {
            if (!second.CanBeCanceled || first == second)
            {
                return (first, null);
            }

            if (!first.CanBeCanceled)
            {
                return (second, null);
            }

            var linked = CancellationTokenSource.CreateLinkedTokenSource(first, second);
            return (linked.Token, linked);
        }
    }

    /// <summary>
    /// One <see cref="ReadAllAsync"/> consumer. It subscribes on the first <see cref="MoveNextAsync"/> (like an
    /// async iterator, nothing happens before), and unsubscribes when disposed or cancelled.
    /// </summary>
    private sealed class ReaderEnumerator(WebSocketConnection connection, (CancellationToken Token, CancellationTokenSource? Linked) cancellation)
        : IAsyncEnumerator<Message>
    {
        private readonly PullReader _reader = new();
        private readonly CancellationToken _token = cancellation.Token;
        private IDisposable? _subscription;
        private bool _disposed;

        public Message Current => _reader.Current;

        /// <summary>Subscribes now without asking for a message (see <see cref="AttachReader"/>).</summary>
        public void SubscribeWithoutDemand() => _subscription ??= connection.SubscribeReader(_reader);

        public ValueTask<bool> MoveNextAsync()
        {
            if (_disposed)
            {
                return new(false);
            }

            if (_token.IsCancellationRequested)
            {
                Unsubscribe();
                return ValueTask.FromCanceled<bool>(_token);
            }

            _subscription ??= connection.SubscribeReader(_reader);
            var next = _reader.MoveNextAsync();
            return next.IsCompleted || !_token.CanBeCanceled ? next : WaitCancellableAsync(next);
        }

        public ValueTask DisposeAsync()
        {
            Unsubscribe();
            cancellation.Linked?.Dispose();
            return default;
        }

        private async ValueTask<bool> WaitCancellableAsync(ValueTask<bool> next)
        {
            try
            {
                return await next.AsTask().WaitAsync(_token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_token.IsCancellationRequested)
            {
                // docs/behaviour.md, "Receiving": a cancelled reader leaves; when it was the last subscriber, the connection closes.
                Unsubscribe();
                throw;
            }
        }

        private void Unsubscribe()
        {
            // Like a finished async iterator: once cancelled or disposed, it never subscribes again.
            _disposed = true;
            var subscription = _subscription;
            _subscription = null;
            subscription?.Dispose();
        }
    }
}
