using System.Runtime.CompilerServices;
using RxWebSocketStream.Testing;

namespace RxWebSocketStream.Tests.Pipelines;

/// <summary>
/// A source of text messages "0", "1", ... for <c>SendAllAsync</c> in virtual time. It counts what was taken from it
/// and, at every take, how many taken messages (this one included) the peer had not yet received (the most is what backpressure bounds).
/// </summary>
internal sealed class PacedSource(TestScheduler scheduler, Func<int> receivedByPeer)
{
    public int Taken { get; private set; }

    public int MostAhead { get; private set; }

    /// <summary><paramref name="count"/> messages, the i-th one at <paramref name="startMs"/> + i * <paramref name="everyMs"/> (0: all at once); then, if set, <paramref name="failWith"/>.</summary>
    public async IAsyncEnumerable<Message> Messages(int count, long startMs = 0, long everyMs = 0, Exception? failWith = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < count; i++)
        {
            var due = (startMs + (i * everyMs)) * TimeSpan.TicksPerMillisecond;
            if (everyMs > 0 && due > scheduler.Clock)
            {
                await At(due, cancellationToken);
            }

            Taken++;
            MostAhead = Math.Max(MostAhead, Taken - receivedByPeer());
            yield return Message.FromText(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (failWith is not null)
        {
            throw failWith;
        }
    }

    /// <summary>Completes on the scheduler's thread when virtual time reaches <paramref name="dueTicks"/>.</summary>
    private Task At(long dueTicks, CancellationToken cancellationToken)
    {
        var reached = new TaskCompletionSource();
        var registration = cancellationToken.Register(() => reached.TrySetCanceled(cancellationToken));
        scheduler.ScheduleAbsolute(reached, dueTicks, (_, tcs) =>
        {
            registration.Dispose();
            tcs.TrySetResult();
            return System.Reactive.Disposables.Disposable.Empty;
        });
        return reached.Task;
    }
}
