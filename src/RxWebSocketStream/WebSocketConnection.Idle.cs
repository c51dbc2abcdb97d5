using System.Reactive.Concurrency;
using System.Reactive.Disposables;

namespace RxWebSocketStream;

public sealed partial class WebSocketConnection
{
    private static readonly WebSocketCloseInfo IdleTimeoutClose = new(WebSocketConnectionOptions.IdleTimeoutCloseCode, "idle timeout");

    // Scheduler time (UTC ticks) of open or of the last message received. A message only writes this
    // long; the one timer is moved lazily when it fires, so a busy connection allocates nothing per message.
    private long _lastMessageTicks;
    private IDisposable? _idleTimer;

    private bool IdleTimeoutEnabled => _options.IdleTimeout != Timeout.InfiniteTimeSpan;

    /// <summary>Starts the idle timer at open, when <see cref="WebSocketConnectionOptions.IdleTimeout"/> is on.</summary>
    private void StartIdleTimer()
    {
        if (!IdleTimeoutEnabled)
        {
            return;
        }

        Volatile.Write(ref _lastMessageTicks, _options.Scheduler.Now.UtcTicks);
        ScheduleIdleCheck(_options.IdleTimeout);
    }

    private void NoteMessageReceived()
    {
        if (IdleTimeoutEnabled)
        {
            Volatile.Write(ref _lastMessageTicks, _options.Scheduler.Now.UtcTicks);
        }
    }

    private void ScheduleIdleCheck(TimeSpan dueIn)
    {
        var timer = _options.Scheduler.Schedule(this, dueIn, static (_, self) =>
        {
            self.CheckIdle();
            return Disposable.Empty;
        });

        // Finish swaps in Disposable.Empty; a timer scheduled after that is dropped at once.
        var previous = Interlocked.Exchange(ref _idleTimer, timer);
        if (ReferenceEquals(previous, Disposable.Empty) || Volatile.Read(ref _finished) != 0)
        {
            Interlocked.Exchange(ref _idleTimer, Disposable.Empty);
            timer.Dispose();
        }
    }

    private void CheckIdle()
    {
        if (Volatile.Read(ref _finished) != 0 || _state != ConnectionState.Open)
        {
            return;
        }

        var idleFor = TimeSpan.FromTicks(_options.Scheduler.Now.UtcTicks - Volatile.Read(ref _lastMessageTicks));
        var left = _options.IdleTimeout - idleFor;
        if (left > TimeSpan.Zero)
        {
            // A message came since this check was scheduled: check again when T has passed since it.
            ScheduleIdleCheck(left);
            return;
        }

        StartClose(
            IdleTimeoutClose,
            WebSocketConnectionException.Report(
                $"No message arrived from the peer for {_options.IdleTimeout} (IdleTimeout); the connection closes with {WebSocketConnectionOptions.IdleTimeoutCloseCode} (idle timeout).",
                WebSocketConnectionOptions.IdleTimeoutCloseCode,
                IdleTimeoutClose.Reason));
    }

    private void StopIdleTimer() => Interlocked.Exchange(ref _idleTimer, Disposable.Empty)?.Dispose();
}
