using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Linq;

namespace RxWebSocketStream;

/// <summary>Runs a <see cref="ReconnectPolicy"/>'s back-off on an <see cref="IScheduler"/>.</summary>
public static class ReconnectPolicySchedulingExtensions
{
    /// <summary>
    /// The back-off schedule as a cold observable: each subscription waits <c>NextDelay(1)</c> on the scheduler
    /// and emits 1, then waits <c>NextDelay(2)</c> and emits 2, and so on, completing after
    /// <see cref="ReconnectPolicy.MaxAttempts"/> (never, when there is no limit). That is when the attempts would
    /// start if each failed at once. Disposing the subscription cancels the pending wait.
    /// </summary>
    /// <param name="policy">The policy whose delays to run.</param>
    /// <param name="scheduler">The scheduler that times every wait.</param>
    /// <returns>The attempt numbers, each emitted when its wait has elapsed.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static IObservable<int> DelaysOn(this ReconnectPolicy policy, IScheduler scheduler)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(scheduler);

        return Observable.Create<int>(observer =>
        {
            // One slot for the pending wait: replacing it as each attempt is scheduled keeps nothing alive but the
            // next wait, and disposing the subscription cancels whichever is pending.
            var pending = new SerialDisposable();

            void ScheduleAttempt(int attempt)
            {
                if (policy.NextDelay(attempt) is not { } delay)
                {
                    observer.OnCompleted();
                    return;
                }

                pending.Disposable = scheduler.Schedule(delay, () =>
                {
                    observer.OnNext(attempt);

                    // At int.MaxValue there is no next attempt number; an unlimited policy stops there.
                    if (attempt == int.MaxValue)
                    {
                        observer.OnCompleted();
                    }
                    else
                    {
                        ScheduleAttempt(attempt + 1);
                    }
                });
            }

            ScheduleAttempt(1);
            return pending;
        });
    }
}
