using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using RxWebSocketStream.Internal;

namespace RxWebSocketStream;

public sealed partial class WebSocketConnection
{
    // The scheduler's stopwatch (monotonic: no wall-clock jumps; virtual under a test scheduler), started at
    // open, and its reading at the last message. A message only writes this long; the one timer is moved
    // lazily when it fires, so a busy connection allocates nothing per message.
    private IStopwatch? _idleClock;
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

        Volatile.Write(ref _idleClock, _options.Scheduler.StartStopwatch());
        ScheduleIdleCheck(_options.IdleTimeout);
    }

    private void NoteMessageReceived()
    {
        if (Volatile.Read(ref _idleClock) is { } clock)
        {
            Volatile.Write(ref _lastMessageTicks, clock.Elapsed.Ticks);
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
        if (ReferenceEquals(previous, Disposable.Empty) || _life.Phase == ConnectionPhase.Closed)
        {
            Interlocked.Exchange(ref _idleTimer, Disposable.Empty);
            timer.Dispose();
        }
    }

    private void CheckIdle()
    {
        if (_life.Phase != ConnectionPhase.Open)
        {
            return;
        }

        var idleFor = TimeSpan.FromTicks(_idleClock!.Elapsed.Ticks - Volatile.Read(ref _lastMessageTicks));
        var left = _options.IdleTimeout - idleFor;
        if (left > TimeSpan.Zero)
        {
            // A message came since this check was scheduled: check again when T has passed since it.
            ScheduleIdleCheck(left);
            return;
        }

        var close = _options.IdleTimeoutCloseInfo;
        StartClose(
            close,
            WebSocketConnectionException.Report(
                $"No message arrived from the peer for {_options.IdleTimeout} (IdleTimeout); the connection closes with {close.Code ?? CloseValidation.NormalClosure} (IdleTimeoutCloseInfo).",
                close.Code ?? CloseValidation.NormalClosure,
                close.Reason));
    }

    private void StopIdleTimer() => Interlocked.Exchange(ref _idleTimer, Disposable.Empty)?.Dispose();
}
