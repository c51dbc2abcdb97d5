using System.Diagnostics;
using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using RxWebSocketStream.Testing.Internal;

namespace RxWebSocketStream.Testing;

/// <summary>
/// A virtual-time scheduler for tests, with the public surface and behaviour of
/// Microsoft.Reactive.Testing's <c>TestScheduler</c>: time is a <see cref="long"/> count of ticks
/// (<see cref="TimeSpan.Ticks"/>), and nothing runs until the clock is advanced.
/// </summary>
/// <remarks>
/// Every action runs with no <see cref="SynchronizationContext"/>, so that a task completed inside an
/// action runs its <c>await</c> continuations inline, on the same thread and in order, even under a test
/// framework that installs its own context (xunit's <c>AsyncTestSyncContext</c> would otherwise post them
/// to the thread pool and make virtual time nondeterministic).
/// </remarks>
[DebuggerDisplay("Clock = {Clock}, Now = {Now}, Mode = {Mode}")]
public class TestScheduler : VirtualTimeScheduler<long, long>
{
    /// <summary>Creates a scheduler in <see cref="TestSchedulerMode.Compatible"/> mode, at time zero.</summary>
    public TestScheduler()
        : this(TestSchedulerMode.Compatible)
    {
    }

    /// <summary>Creates a scheduler in the given mode, at time zero.</summary>
    /// <param name="mode">How work due now or in the past is ordered.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="mode"/> is not a defined value.</exception>
    public TestScheduler(TestSchedulerMode mode)
    {
        if (!Enum.IsDefined(mode))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, $"The scheduler mode {mode} is not defined.");
        }

        Mode = mode;
    }

    /// <summary>Gets how this scheduler treats work due now or in the past.</summary>
    public TestSchedulerMode Mode { get; }

    /// <summary>
    /// Schedules an action at an absolute virtual time. A due time at or before <c>Clock</c> becomes
    /// <c>Clock + 1</c> in <see cref="TestSchedulerMode.Compatible"/> mode and <c>Clock</c> in
    /// <see cref="TestSchedulerMode.Marble"/> mode.
    /// </summary>
    /// <typeparam name="TState">The type of the state passed to the action.</typeparam>
    /// <param name="state">The state passed to the action.</param>
    /// <param name="dueTime">The absolute virtual time, in ticks.</param>
    /// <param name="action">The action to run.</param>
    /// <returns>A disposable that cancels the action if it has not run yet.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="action"/> is <see langword="null"/>.</exception>
    public override IDisposable ScheduleAbsolute<TState>(TState state, long dueTime, Func<IScheduler, TState, IDisposable> action)
    {
        ArgumentNullException.ThrowIfNull(action);

        if (dueTime <= Clock)
        {
            dueTime = Mode == TestSchedulerMode.Compatible ? Clock + 1 : Clock;
        }

        return base.ScheduleAbsolute((action, state), dueTime, static (scheduler, pair) =>
            WithoutSynchronizationContext.Run((scheduler, pair), static s => s.pair.action(s.scheduler, s.pair.state)));
    }

    /// <summary>
    /// Creates the observable at <paramref name="created"/>, subscribes to it at <paramref name="subscribed"/>,
    /// disposes the subscription at <paramref name="disposed"/>, runs the scheduler to the end, and returns
    /// what the observer recorded.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="create">Creates the observable under test.</param>
    /// <param name="created">The virtual time at which to call <paramref name="create"/>.</param>
    /// <param name="subscribed">The virtual time at which to subscribe.</param>
    /// <param name="disposed">The virtual time at which to dispose the subscription.</param>
    /// <returns>The observer with the notifications received and their times.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="create"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A time is negative, or the times are not in the order created, subscribed, disposed.
    /// </exception>
    public ITestableObserver<T> Start<T>(Func<IObservable<T>> create, long created, long subscribed, long disposed)
    {
        ArgumentNullException.ThrowIfNull(create);
        ArgumentOutOfRangeException.ThrowIfNegative(created);
        if (subscribed < created)
        {
            throw new ArgumentOutOfRangeException(nameof(subscribed), subscribed, $"The subscription time {subscribed} is before the creation time {created}.");
        }

        if (disposed < subscribed)
        {
            throw new ArgumentOutOfRangeException(nameof(disposed), disposed, $"The disposal time {disposed} is before the subscription time {subscribed}.");
        }

        var source = default(IObservable<T>);
        var subscription = default(IDisposable);
        var observer = CreateObserver<T>();

        ScheduleAbsolute(default(object), created, (_, _) =>
        {
            source = create();
            return Disposable.Empty;
        });
        ScheduleAbsolute(default(object), subscribed, (_, _) =>
        {
            subscription = source!.Subscribe(observer);
            return Disposable.Empty;
        });
        ScheduleAbsolute(default(object), disposed, (_, _) =>
        {
            subscription!.Dispose();
            return Disposable.Empty;
        });

        Start();
        return observer;
    }

    /// <summary>
    /// As <see cref="Start{T}(Func{IObservable{T}}, long, long, long)"/>, created at
    /// <see cref="ReactiveTest.Created"/> and subscribed at <see cref="ReactiveTest.Subscribed"/>.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="create">Creates the observable under test.</param>
    /// <param name="disposed">The virtual time at which to dispose the subscription.</param>
    /// <returns>The observer with the notifications received and their times.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="create"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="disposed"/> is before <see cref="ReactiveTest.Subscribed"/>.</exception>
    public ITestableObserver<T> Start<T>(Func<IObservable<T>> create, long disposed)
    {
        ArgumentNullException.ThrowIfNull(create);
        return Start(create, ReactiveTest.Created, ReactiveTest.Subscribed, disposed);
    }

    /// <summary>
    /// As <see cref="Start{T}(Func{IObservable{T}}, long, long, long)"/>, at the default times
    /// <see cref="ReactiveTest.Created"/>, <see cref="ReactiveTest.Subscribed"/> and <see cref="ReactiveTest.Disposed"/>.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="create">Creates the observable under test.</param>
    /// <returns>The observer with the notifications received and their times.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="create"/> is <see langword="null"/>.</exception>
    public ITestableObserver<T> Start<T>(Func<IObservable<T>> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        return Start(create, ReactiveTest.Created, ReactiveTest.Subscribed, ReactiveTest.Disposed);
    }

    /// <summary>
    /// Creates a hot observable: each notification fires at its absolute virtual time, whether or not
    /// anyone is subscribed.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="messages">The notifications and their absolute times.</param>
    /// <returns>The observable, which logs its subscriptions.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is <see langword="null"/>.</exception>
    public ITestableObservable<T> CreateHotObservable<T>(params Recorded<System.Reactive.Notification<T>>[] messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return new HotObservable<T>(this, messages);
    }

    /// <summary>
    /// Creates a cold observable: each subscription replays the notifications at times relative to the
    /// moment it subscribed.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="messages">The notifications and their times relative to each subscription.</param>
    /// <returns>The observable, which logs its subscriptions.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is <see langword="null"/>.</exception>
    public ITestableObservable<T> CreateColdObservable<T>(params Recorded<System.Reactive.Notification<T>>[] messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return new ColdObservable<T>(this, messages);
    }

    /// <summary>Creates an observer that records each notification with the virtual time it arrived.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <returns>The recording observer.</returns>
    public ITestableObserver<T> CreateObserver<T>() => new MockObserver<T>(this);

    /// <summary>Adds a relative time to an absolute one.</summary>
    /// <param name="absolute">The absolute time, in ticks.</param>
    /// <param name="relative">The relative time, in ticks.</param>
    /// <returns>The sum.</returns>
    protected override long Add(long absolute, long relative) => absolute + relative;

    /// <summary>Converts a virtual time to a <see cref="DateTimeOffset"/> (ticks since year 1, UTC).</summary>
    /// <param name="absolute">The absolute time, in ticks.</param>
    /// <returns>The corresponding <see cref="DateTimeOffset"/>.</returns>
    protected override DateTimeOffset ToDateTimeOffset(long absolute) => new(absolute, TimeSpan.Zero);

    /// <summary>Converts a <see cref="TimeSpan"/> to virtual ticks.</summary>
    /// <param name="timeSpan">The time span.</param>
    /// <returns>Its ticks.</returns>
    protected override long ToRelative(TimeSpan timeSpan) => timeSpan.Ticks;
}
