using System.Reactive;
using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using RxWebSocketStream.Testing.Internal;
using RxWebSocketStream.Testing.Marbles;

namespace RxWebSocketStream.Testing;

/// <summary>
/// A marble test, as RxJS 7's <c>TestScheduler.run</c>: make inputs with <see cref="Cold(string, Exception?)"/>
/// and <see cref="Hot(string, Exception?)"/>, state expectations with
/// <see cref="ExpectObservable{T}(IObservable{T}, string?, string?)"/> and
/// <see cref="ExpectSubscriptions(IEnumerable{Subscription})"/>, then call <see cref="Run"/>, which runs the
/// virtual clock to the end and checks every expectation. Pass <see cref="Scheduler"/> to every time-based
/// operator; one frame is one millisecond.
/// </summary>
/// <example>
/// <code>
/// var m = new MarbleTest();
/// var source = m.Cold("-a--b|");
/// m.ExpectObservable(source.Select(char.ToUpperInvariant)).ToBe("-A--B|");
/// m.Run();
/// </code>
/// </example>
public sealed class MarbleTest
{
    private readonly List<IMarbleExpectation> _expectations = [];
    private readonly List<Action> _hotStarts = [];

    // True unless the scheduler is in marble mode: recordings are then compared by frame (see the constructor).
    private readonly bool _byFrame;
    private bool _ran;

    /// <summary>Creates a marble test with a new <see cref="TestSchedulerMode.Marble"/> scheduler at time zero.</summary>
    public MarbleTest()
        : this(new TestScheduler(TestSchedulerMode.Marble))
    {
    }

    /// <summary>
    /// Creates a marble test on an existing scheduler, whose virtual time zero is frame zero: one shared with a
    /// virtual WebSocket peer, or any <see cref="VirtualTimeScheduler{TAbsolute, TRelative}"/> counting ticks,
    /// Microsoft.Reactive.Testing's <c>TestScheduler</c> included.
    /// </summary>
    /// <param name="scheduler">
    /// The scheduler. A <see cref="TestScheduler"/> in <see cref="TestSchedulerMode.Marble"/> mode runs work due now in
    /// the same frame and the test compares exact ticks. Any other scheduler runs such work one tick later; since a
    /// frame is 10,000 ticks, the test then compares each event and subscription by the frame its tick falls in.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="scheduler"/> is <see langword="null"/>.</exception>
    public MarbleTest(VirtualTimeScheduler<long, long> scheduler)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        Scheduler = scheduler;
        _byFrame = scheduler is not TestScheduler { Mode: TestSchedulerMode.Marble };
    }

    /// <summary>Gets the virtual-time scheduler: pass it to every time-based operator under test.</summary>
    public VirtualTimeScheduler<long, long> Scheduler { get; }

    /// <summary>Returns the time up to the <c>|</c> of a diagram, as RxJS's <c>time</c>: <c>Time("---|")</c> is 3 ms.</summary>
    /// <param name="marbles">A cold diagram with a <c>|</c>.</param>
    /// <returns>The time from the first character to the <c>|</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="marbles"/> is <see langword="null"/>.</exception>
    /// <exception cref="MarbleSyntaxException">The diagram is malformed or has no <c>|</c>.</exception>
    public static TimeSpan Time(string marbles)
    {
        ArgumentNullException.ThrowIfNull(marbles);
        var completion = MarbleDiagram.ParseCold<char>(marbles).Where(r => r.Value.Kind == NotificationKind.OnCompleted).ToList();
        return completion.Count == 0
            ? throw new MarbleSyntaxException(marbles, marbles.Length, "A diagram measured with Time needs a '|' where the time ends.")
            : TimeSpan.FromTicks(completion[0].Time);
    }

    /// <summary>Creates a cold observable of characters: each subscription replays the diagram from its own frame zero.</summary>
    /// <param name="marbles">The diagram, for example <c>"-a--b|"</c>; no <c>^</c>.</param>
    /// <param name="error">The exception <c>#</c> stands for; by default an <see cref="Exception"/> with the message <see cref="MarbleDiagram.DefaultErrorMessage"/>.</param>
    /// <returns>The observable, which logs its subscriptions.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="marbles"/> is <see langword="null"/>.</exception>
    /// <exception cref="MarbleSyntaxException">The diagram is malformed.</exception>
    public ITestableObservable<char> Cold(string marbles, Exception? error = null) => Cold<char>(marbles, null, error);

    /// <summary>Creates a cold observable: each subscription replays the diagram from its own frame zero.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="marbles">The diagram, for example <c>"-a--b|"</c>; no <c>^</c>.</param>
    /// <param name="values">The value of each value character; optional for <see cref="char"/> and <see cref="string"/> elements.</param>
    /// <param name="error">The exception <c>#</c> stands for; by default an <see cref="Exception"/> with the message <see cref="MarbleDiagram.DefaultErrorMessage"/>.</param>
    /// <returns>The observable, which logs its subscriptions.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="marbles"/> is <see langword="null"/>.</exception>
    /// <exception cref="MarbleSyntaxException">The diagram is malformed, or a value character has no value.</exception>
    public ITestableObservable<T> Cold<T>(string marbles, IReadOnlyDictionary<char, T>? values = null, Exception? error = null)
    {
        ArgumentNullException.ThrowIfNull(marbles);
        return new ColdObservable<T>(Scheduler, [.. MarbleDiagram.ParseCold(marbles, values, error)]);
    }

    /// <summary>Creates a cold observable with the values given as pairs at the call site: <c>m.Cold("-a-b|", ('a', 1), ('b', 2))</c>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="marbles">The diagram, for example <c>"-a--b|"</c>; no <c>^</c>.</param>
    /// <param name="values">Each value character and its value; a character may appear once.</param>
    /// <returns>The observable, which logs its subscriptions.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="marbles"/> or <paramref name="values"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A character is given twice in <paramref name="values"/>.</exception>
    /// <exception cref="MarbleSyntaxException">The diagram is malformed, or a value character has no value.</exception>
    public ITestableObservable<T> Cold<T>(string marbles, params (char Symbol, T Value)[] values)
    {
        ArgumentNullException.ThrowIfNull(marbles);
        return Cold(marbles, MarbleValueTable.From(values, nameof(values)));
    }

    /// <summary>Creates a hot observable of characters, whose frame zero is its <c>^</c> (or its first character).</summary>
    /// <param name="marbles">The diagram, for example <c>"-a-^-b--|"</c>.</param>
    /// <param name="error">The exception <c>#</c> stands for; by default an <see cref="Exception"/> with the message <see cref="MarbleDiagram.DefaultErrorMessage"/>.</param>
    /// <returns>The observable, which logs its subscriptions.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="marbles"/> is <see langword="null"/>.</exception>
    /// <exception cref="MarbleSyntaxException">The diagram is malformed.</exception>
    public ITestableObservable<char> Hot(string marbles, Exception? error = null) => Hot<char>(marbles, null, error);

    /// <summary>
    /// Creates a hot observable, whose frame zero is its <c>^</c> (or its first character). Its events are
    /// scheduled when <see cref="Run"/> starts, after the subscriptions of the expectations, so a subscriber
    /// at frame zero sees an event at frame zero; events before <c>^</c> are never delivered.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="marbles">The diagram, for example <c>"-a-^-b--|"</c>.</param>
    /// <param name="values">The value of each value character; optional for <see cref="char"/> and <see cref="string"/> elements.</param>
    /// <param name="error">The exception <c>#</c> stands for; by default an <see cref="Exception"/> with the message <see cref="MarbleDiagram.DefaultErrorMessage"/>.</param>
    /// <returns>The observable, which logs its subscriptions.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="marbles"/> is <see langword="null"/>.</exception>
    /// <exception cref="MarbleSyntaxException">The diagram is malformed, or a value character has no value.</exception>
    /// <exception cref="InvalidOperationException"><see cref="Run"/> has already been called.</exception>
    public ITestableObservable<T> Hot<T>(string marbles, IReadOnlyDictionary<char, T>? values = null, Exception? error = null)
    {
        ArgumentNullException.ThrowIfNull(marbles);
        var hot = new HotObservable<T>(Scheduler, MarbleDiagram.Parse(marbles, values, error), deferStart: true);
        ThrowIfRan();
        _hotStarts.Add(hot.Start);
        return hot;
    }

    /// <summary>Creates a hot observable with the values given as pairs at the call site: <c>m.Hot("-a-^-b|", ('a', 1), ('b', 2))</c>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="marbles">The diagram, for example <c>"-a-^-b--|"</c>.</param>
    /// <param name="values">Each value character and its value; a character may appear once.</param>
    /// <returns>The observable, which logs its subscriptions.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="marbles"/> or <paramref name="values"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A character is given twice in <paramref name="values"/>.</exception>
    /// <exception cref="MarbleSyntaxException">The diagram is malformed, or a value character has no value.</exception>
    /// <exception cref="InvalidOperationException"><see cref="Run"/> has already been called.</exception>
    public ITestableObservable<T> Hot<T>(string marbles, params (char Symbol, T Value)[] values)
    {
        ArgumentNullException.ThrowIfNull(marbles);
        return Hot(marbles, MarbleValueTable.From(values, nameof(values)));
    }

    /// <summary>
    /// Subscribes to <paramref name="source"/> at frame zero (or at the <c>^</c> of
    /// <paramref name="subscriptionMarbles"/>, unsubscribing at its <c>!</c>) and records what it emits,
    /// to be compared in <see cref="Run"/> with the diagram given to <c>ToBe</c>.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="source">The observable under test.</param>
    /// <param name="subscriptionMarbles">A subscription diagram, for example <c>"--^---!"</c>; by default <c>"^"</c>.</param>
    /// <param name="name">
    /// A name for failure reports, for example the line of a scenario file; the report then reads
    /// <c>ExpectObservable(name).ToBe(...)</c>. By default the expectation is unnamed.
    /// </param>
    /// <returns>The expectation; call <c>ToBe</c> on it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="source"/> is <see langword="null"/>.</exception>
    /// <exception cref="MarbleSyntaxException"><paramref name="subscriptionMarbles"/> is malformed.</exception>
    /// <exception cref="InvalidOperationException"><see cref="Run"/> has already been called.</exception>
    public ObservableExpectation<T> ExpectObservable<T>(IObservable<T> source, string? subscriptionMarbles = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        Subscription? subscription = subscriptionMarbles is null ? null : MarbleDiagram.ParseSubscription(subscriptionMarbles);
        ThrowIfRan();

        var observer = new MockObserver<T>(Scheduler);
        var connection = new SerialDisposable();

        // As an RxJS subscriber, the recorder lets go of the source as soon as it ends, so the source's
        // subscription log shows the unsubscription in the frame of the '|' or '#'.
        var recorder = Observer.Create<T>(
            observer.OnNext,
            e => { observer.OnError(e); connection.Dispose(); },
            () => { observer.OnCompleted(); connection.Dispose(); });
        Scheduler.ScheduleAbsolute(subscription?.Subscribe ?? 0, () => connection.Disposable = source.Subscribe(recorder));
        if (subscription is { Unsubscribe: not Subscription.Infinite } s)
        {
            Scheduler.ScheduleAbsolute(s.Unsubscribe, connection.Dispose);
        }

        var expectation = new ObservableExpectation<T>(observer, subscription, name, _byFrame);
        _expectations.Add(expectation);
        return expectation;
    }

    /// <summary>
    /// Expects a test observable's subscription log, read when <see cref="Run"/> has run the clock.
    /// </summary>
    /// <param name="subscriptions">The log, usually <see cref="ITestableObservable{T}.Subscriptions"/>.</param>
    /// <returns>The expectation; call <see cref="SubscriptionExpectation.ToBe(string[])"/> on it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="subscriptions"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException"><see cref="Run"/> has already been called.</exception>
    public SubscriptionExpectation ExpectSubscriptions(IEnumerable<Subscription> subscriptions)
    {
        ArgumentNullException.ThrowIfNull(subscriptions);
        ThrowIfRan();
        var expectation = new SubscriptionExpectation(subscriptions, _byFrame);
        _expectations.Add(expectation);
        return expectation;
    }

    /// <summary>
    /// Schedules the hot observables, runs the virtual clock until no work is left (with no
    /// <see cref="SynchronizationContext"/>, whatever the scheduler, so task continuations run inline), then checks
    /// every expectation. All failures are reported together, each with both diagrams and the first difference.
    /// </summary>
    /// <exception cref="InvalidOperationException">An expectation has no <c>ToBe</c>, or <see cref="Run"/> was already called.</exception>
    /// <exception cref="MarbleAssertionException">An expectation is not met.</exception>
    public void Run()
    {
        ThrowIfRan();
        var incomplete = _expectations.FindIndex(e => !e.IsComplete);
        if (incomplete >= 0)
        {
            throw new InvalidOperationException($"Expectation {incomplete + 1} of {_expectations.Count} has no ToBe: say what is expected before calling Run.");
        }

        _ran = true;
        foreach (var start in _hotStarts)
        {
            start();
        }

        WithoutSynchronizationContext.Run(Scheduler.Start);

        var failures = _expectations.Select(e => e.Check()).OfType<string>().ToList();
        if (failures.Count == 1)
        {
            throw new MarbleAssertionException(failures[0]);
        }

        if (failures.Count > 1)
        {
            throw new MarbleAssertionException($"{failures.Count} of {_expectations.Count} marble expectations failed.\n\n" + string.Join("\n\n", failures));
        }
    }

    private void ThrowIfRan()
    {
        if (_ran)
        {
            throw new InvalidOperationException("This marble test has already run; make a new MarbleTest for another scenario.");
        }
    }
}
