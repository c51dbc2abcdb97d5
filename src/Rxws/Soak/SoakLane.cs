using RxWebSocketStream;

namespace Rxws.Soak;

/// <summary>
/// One sender: opens a connection, sends the next sequence numbers through it (most through the sink, one
/// in four through <c>SendAsync</c>, chosen by the seed) with at most a window of messages awaiting their
/// echo, and, when the connection dies, records its end and opens the next one. When every number has been
/// taken it waits for the last echoes and closes cleanly.
/// </summary>
internal sealed class SoakLane(int index, SoakSettings settings, Uri url, SoakLedger ledger, AbortPlan plan)
{
    private static readonly WebSocketCloseInfo Done = new(WebSocketCloseCodes.NormalClosure, "soak done");
    private static readonly WebSocketCloseInfo Interrupted = new(WebSocketCloseCodes.NormalClosure, "soak interrupted");

    // Sink or SendAsync, per message; one generator per lane, so the choice does not depend on thread timing.
    private readonly Random _routes = new(unchecked((settings.Seed * 397) + index + 1));

    /// <param name="shutdown">SIGINT/SIGTERM: no new numbers are taken (the ledger stops), and the connection
    /// in use is closed, so a lane waiting for echoes that will never come still ends.</param>
    public async Task RunAsync(CancellationToken shutdown)
    {
        while (ledger.HasMore && await RunConnectionAsync(shutdown).ConfigureAwait(false))
        {
        }
    }

    /// <summary>One connection, from connect to its end; returns whether numbers may be left to send.</summary>
    private async Task<bool> RunConnectionAsync(CancellationToken shutdown)
    {
        var session = ledger.OpenSession(index);
        ObservedSocket? transport = null;
        var options = new WebSocketConnectionOptions
        {
            SocketFactory = async (target, protocols, cancellationToken) =>
                transport = await ObservedSocket.ConnectAsync(target, protocols, ledger, cancellationToken).ConfigureAwait(false),
        };

        await using var connection = WebSocketConnection.Connect(url, options);
        try
        {
            await connection.Opened.ConfigureAwait(false);
        }
        catch (WebSocketConnectionException)
        {
            session.End(clean: false, unsent: 0);
            throw;
        }

        using var interrupt = shutdown.Register(static state => ((WebSocketConnection)state!).Close(Interrupted), connection);
        using var window = new SemaphoreSlim(settings.Window, int.MaxValue);
        Action<long>? atEcho = settings.AbortBy == AbortSide.Client
            ? sequence =>
            {
                if (plan.IsAbortPoint(sequence))
                {
                    transport!.BreakTcp();
                }
            }
            : null;
        var recorder = new EchoRecorder(session, ledger, window, settings.Window, settings.Size, atEcho);
        var sends = new List<(int Sequence, Task Send)>();
        bool more;
        using (connection.Subscribe(recorder))
        {
            more = await SendAsync(connection, session, recorder, window, sends).ConfigureAwait(false);
            if (!more)
            {
                // Every number is taken: take the whole window back, one echo at a time, then close.
                for (var i = 0; i < settings.Window; i++)
                {
                    await window.WaitAsync().ConfigureAwait(false);
                }

                connection.Close(Done);
            }

            await ((Task)connection.Closed).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
        }

        // Every SendAsync must end once the connection has: completed (handed to the socket) or faulted.
        foreach (var (sequence, send) in sends)
        {
            // Reading Exception observes a fault, which is the expected news here.
            await send.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            ledger.Outcome(sequence, send.IsCompletedSuccessfully ? SoakLedger.Route.SendAsyncCompleted : SoakLedger.Route.SendAsyncFaulted);
        }

        var closed = connection.Closed;
        session.End(
            clean: closed.IsCompletedSuccessfully,
            unsent: closed.IsCompletedSuccessfully ? closed.Result.UnsentMessageCount : (closed.Exception?.InnerException as WebSocketConnectionException)?.UnsentMessageCount ?? 0);
        return more;
    }

    /// <summary>Sends until the numbers run out (false) or the connection dies (true).</summary>
    private async Task<bool> SendAsync(WebSocketConnection connection, SoakSession session, EchoRecorder recorder, SemaphoreSlim window, List<(int Sequence, Task Send)> sends)
    {
        while (true)
        {
            await window.WaitAsync().ConfigureAwait(false);
            if (recorder.Ended)
            {
                return true;
            }

            if (!ledger.TryTake(out var sequence))
            {
                // The place just taken stays free: the final wait counts on the whole window coming back.
                window.Release();
                return false;
            }

            var message = SoakPayload.Create(sequence, settings.Size);
            if (_routes.Next(4) == 0)
            {
                ledger.Sending(session, sequence, SoakLedger.Route.SendAsync);
                var send = connection.SendAsync(message, CancellationToken.None);
                sends.Add((sequence, send));
                if (send.IsFaulted)
                {
                    return true;
                }
            }
            else
            {
                // The sink refuses a message by counting it in DroppedMessageCount during the call: the only
                // sender of this connection sees its own refusal, per message.
                var dropped = connection.DroppedMessageCount;
                ledger.Sending(session, sequence, SoakLedger.Route.Sink);
                connection.Sink.OnNext(message);
                if (connection.DroppedMessageCount != dropped)
                {
                    ledger.Outcome(sequence, SoakLedger.Route.SinkRefused);
                    return true;
                }
            }
        }
    }
}
