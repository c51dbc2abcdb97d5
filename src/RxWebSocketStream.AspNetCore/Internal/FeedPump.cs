using Microsoft.Extensions.Logging;

namespace RxWebSocketStream.AspNetCore.Internal;

/// <summary>
/// Pumps a handler's feed into its connection until one of them ends (docs/server.md, "Pushing a feed"): the
/// feed's end closes the connection (1000 when it completes, 1011 when it fails), the connection's end stops
/// the feed.
/// </summary>
internal static class FeedPump
{
    /// <summary>Subscribes the connection's sink to <paramref name="feed"/> and disposes the subscription when the connection ends.</summary>
    public static async Task PumpAsync(WebSocketConnection connection, IObservable<Message> feed, ILogger logger, string path)
    {
        ArgumentNullException.ThrowIfNull(feed, nameof(feed));
        using (feed.Subscribe(new FeedObserver(connection, logger, path)))
        {
            await Ended(connection).ConfigureAwait(false);
        }
    }

    /// <summary>Sends <paramref name="feed"/> one message at a time and cancels it when the connection ends.</summary>
    public static async Task PumpAsync(WebSocketConnection connection, IAsyncEnumerable<Message> feed, ILogger logger, string path)
    {
        ArgumentNullException.ThrowIfNull(feed, nameof(feed));
        using var stop = new CancellationTokenSource();
        var pumping = SendAllAsync(connection, feed, logger, path, stop.Token);
        if (await Task.WhenAny(pumping, Ended(connection)).ConfigureAwait(false) != pumping)
        {
            stop.Cancel();
        }

        // The request ends when the stream has stopped, not before: its finally blocks run while it still has one.
        await pumping.ConfigureAwait(false);
    }

    /// <summary>A task that completes when the connection has ended, cleanly or not (how it ended is <see cref="WebSocketConnection.Closed"/>'s news).</summary>
    public static Task Ended(WebSocketConnection connection) =>
        ((Task)connection.Closed).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private static async Task SendAllAsync(WebSocketConnection connection, IAsyncEnumerable<Message> feed, ILogger logger, string path, CancellationToken stop)
    {
        IAsyncEnumerator<Message>? messages = null;
        var ending = FeedEnd.Stopped;
        var refused = false;
        try
        {
            messages = feed.GetAsyncEnumerator(stop);
            while (await messages.MoveNextAsync().ConfigureAwait(false))
            {
                // One at a time: the next message is pulled once this one is on the socket. A send that fails
                // means the connection is closing or has ended (Closed says how): the stream is stopped.
                if (!await TrySendAsync(connection, messages.Current, stop).ConfigureAwait(false))
                {
                    refused = true;
                    break;
                }
            }

            ending = refused || stop.IsCancellationRequested ? FeedEnd.Stopped : FeedEnd.Completed;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Cancelled because the connection ended: nothing to report.
        }
        catch (Exception e)
        {
            ending = FeedEnd.Failed;
            Fail(connection, logger, path, e);
        }
        finally
        {
            if (messages is not null)
            {
                try
                {
                    await messages.DisposeAsync().ConfigureAwait(false);
                }
                catch (Exception e) when (ending != FeedEnd.Failed)
                {
                    ending = FeedEnd.Failed;
                    Fail(connection, logger, path, e);
                }
            }
        }

        if (ending == FeedEnd.Completed)
        {
            // The stream is over: what is queued goes out, then 1000.
            connection.Sink.OnCompleted();
        }
    }

    private static async ValueTask<bool> TrySendAsync(WebSocketConnection connection, Message message, CancellationToken stop)
    {
        try
        {
            await connection.SendAsync(message, stop).ConfigureAwait(false);
            return true;
        }
        catch (Exception)
        {
            // Refused (closing), cancelled (ended) or failed with the connection's own error: all mean the end.
            return false;
        }
    }

    private static void Fail(WebSocketConnection connection, ILogger logger, string path, Exception error)
    {
        Log.FeedFailed(logger, path, error);
        connection.Close(WebSocketConnectionEndpointRouteBuilderExtensions.HandlerFailed);
    }

    /// <summary>Forwards the feed to the connection's sink; a failure is logged and closes with 1011.</summary>
    private sealed class FeedObserver(WebSocketConnection connection, ILogger logger, string path) : IObserver<Message>
    {
        public void OnNext(Message value) => connection.Sink.OnNext(value);

        public void OnError(Exception error) => Fail(connection, logger, path, error);

        public void OnCompleted() => connection.Sink.OnCompleted();
    }

    private enum FeedEnd
    {
        Stopped,
        Completed,
        Failed,
    }
}
