namespace RxWebSocketStream.Internal;

/// <summary>
/// The loop behind both <c>SendAllAsync</c>s: takes a message from the source only while fewer than the send buffer's
/// capacity are still unwritten, hands each to a send, and stops at the first failed send, the source's end or
/// failure, or the cancellation. It returns once every message it handed over has settled, so the counts are exact.
/// </summary>
internal static class SendAllPump
{
    public static async Task<SendAllResult> RunAsync(
        IAsyncEnumerable<Message> source,
        Func<Message, CancellationToken, Task> send,
        int window,
        CancellationToken cancellationToken)
    {
        var state = new State();
        var inFlight = new Queue<Task>();
        IAsyncEnumerator<Message>? messages = null;
        try
        {
            messages = source.GetAsyncEnumerator(cancellationToken);
            while (true)
            {
                // Writes complete in call order: settle what is done, then wait for the oldest while the window is full.
                while (inFlight.Count > 0 && (inFlight.Peek().IsCompleted || inFlight.Count >= window))
                {
                    await SettleAsync(inFlight.Dequeue(), state).ConfigureAwait(false);
                }

                if (state.Reason is not null)
                {
                    break;
                }

                if (cancellationToken.IsCancellationRequested)
                {
                    state.Stop(SendAllStopReason.Canceled, null);
                    break;
                }

                if (!await messages.MoveNextAsync().ConfigureAwait(false))
                {
                    break;
                }

                Task sending;
                try
                {
                    sending = send(messages.Current, cancellationToken);
                }
                catch (Exception e)
                {
                    sending = Task.FromException(e);
                }

                inFlight.Enqueue(sending);
            }
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            state.Stop(SendAllStopReason.Canceled, e);
        }
        catch (Exception e)
        {
            // Only the source can throw here: sends are settled in SettleAsync.
            state.Stop(SendAllStopReason.SourceFailed, e);
        }

        while (inFlight.Count > 0)
        {
            await SettleAsync(inFlight.Dequeue(), state).ConfigureAwait(false);
        }

        if (messages is not null)
        {
            try
            {
                await messages.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e)
            {
                state.Stop(SendAllStopReason.SourceFailed, e);
            }
        }

        return new SendAllResult(state.Sent, state.Unsent, state.Reason ?? SendAllStopReason.Completed, state.Error);
    }

    private static async Task SettleAsync(Task sending, State state)
    {
        try
        {
            await sending.ConfigureAwait(false);
            state.Sent++;
        }
        catch (OperationCanceledException e) when (sending.IsCanceled)
        {
            // Withdrawn by the cancellation while it waited for room: not sent.
            state.Unsent++;
            state.Stop(SendAllStopReason.Canceled, e);
        }
        catch (Exception e)
        {
            state.Unsent++;
            state.Stop(SendAllStopReason.SendFailed, e);
        }
    }

    private sealed class State
    {
        public long Sent;
        public long Unsent;

        public SendAllStopReason? Reason { get; private set; }

        public Exception? Error { get; private set; }

        /// <summary>The first cause wins.</summary>
        public void Stop(SendAllStopReason reason, Exception? error)
        {
            if (Reason is null)
            {
                Reason = reason;
                Error = error;
            }
        }
    }
}
