using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using RxWebSocketStream.Internal;

namespace RxWebSocketStream;

/// <summary>
/// A session over successive <see cref="WebSocketConnection"/>s: it connects through a factory, and when a connection
/// ends it asks a <see cref="ReconnectPolicy"/> whether and when to connect again, waiting on an injected scheduler.
/// Subscribing gives the messages of every connection in turn; <see cref="States"/> tells the lifecycle;
/// <see cref="Connections"/> gives each connection that opens; <see cref="SendAsync(Message, QueuedMessagePolicy?)"/> sends with an explicit
/// policy for the times when no connection is open.
/// </summary>
/// <remarks>
/// <para>
/// The session starts connecting at the first subscription to its messages or at <see cref="Start"/>, whichever
/// comes first, so that no message is read before someone listens (as a single connection does).
/// </para>
/// <para>
/// The messages sequence ends as a single connection's does. It errors only when the session stops reconnecting
/// after a failure: with the connection's failure when the policy declines it or the attempts are exhausted. It
/// completes after <see cref="Close"/> or dispose, and when the peer closed cleanly with a code the policy does not
/// retry (1000, or an application code not listed in <see cref="ReconnectPolicy.RetryableCloseCodes"/>): that code
/// and reason are in the final <see cref="SessionState.Closed"/> on <see cref="States"/>. Disposing a subscription
/// does not stop the session: dispose the session (or use <see cref="Observe"/>, whose subscriptions own their
/// session).
/// </para>
/// </remarks>
public sealed partial class ReconnectingConnection : IObservable<Message>, IDisposable, IAsyncDisposable
{
    private readonly Func<ReconnectAttempt, WebSocketConnection> _factory;
    private readonly ReconnectingConnectionOptions _options;
    private readonly object _gate = new();

    // Emissions to the three subjects are serialized by _emitGate (never taken while holding _gate), so that
    // observers see one event at a time and a late subscriber's replay cannot interleave with a new event.
    private readonly object _emitGate = new();
    private readonly Subject<Message> _messages = new();
    // The latest state for late subscribers, and after the end the final one and the completion.
    private readonly ReplaySubject<SessionState> _states = new(bufferSize: 1);
    private readonly Subject<WebSocketConnection> _connections = new();
    private WebSocketConnection? _announced;

    // Under _emitGate: set as the sequences end, so a message a connection's receive loop delivers while another
    // thread disposes the session is dropped instead of following OnCompleted (the Rx grammar).
    private bool _sequencesEnded;

    // Completed once States has completed (after the last connection's final Closed): what DisposeAsync waits for.
    private readonly TaskCompletionSource _statesCompleted = new();

    // Guarded by _gate.
    private bool _started;
    private bool _stopRequested;
    private bool _disposed;
    private bool _messagesEnded;
    private bool _statesEnded;
    private bool _subscriberThrew;
    private int _attempt;
    private WebSocketConnection? _current;
    private WebSocketConnection? _open;
    private CancellationTokenSource? _attemptCancellation;
    private IDisposable? _currentSubscription;
    private IDisposable? _wait;

    // Guarded by _gate. From an attempt's Connecting until its Closed has been told: while set, the session's end
    // waits for that Closed before it completes States, so that States always ends with how the last connection ended.
    private bool _attemptActive;

    // Logs every reconnect decision, counts attempts and decisions, and spans each attempt (docs/observability.md).
    private readonly SessionTelemetry _telemetry;

    private ReconnectingConnection(Func<ReconnectAttempt, WebSocketConnection> factory, ReconnectingConnectionOptions options)
    {
        _factory = factory;
        _options = options;
        Sink = new SessionSink(this);
        _telemetry = new SessionTelemetry(options);
        Connections = Observable.Create<WebSocketConnection>(observer =>
        {
            lock (_emitGate)
            {
                var subscription = _connections.Subscribe(observer);
                if (_announced is { } current)
                {
                    observer.OnNext(current);
                }

                return subscription;
            }
        });
    }

    /// <summary>
    /// Gets the lifecycle events: <see cref="SessionState.Connecting"/>, <see cref="SessionState.Open"/>,
    /// <see cref="SessionState.Closing"/>, <see cref="SessionState.Closed"/>,
    /// <see cref="SessionState.WaitingToReconnect"/>. A subscriber first receives the current state (nothing before the
    /// session starts), then every change; the sequence completes when the session has ended, and a subscriber
    /// that comes after the end receives the last state and the completion. A connection that was open or opening
    /// when the session ended is told to its end first: after <see cref="Close"/> or dispose the sequence ends with
    /// that connection's final <see cref="SessionState.Closed"/>, once its close handshake has finished or timed out.
    /// </summary>
    public IObservable<SessionState> States => _states.AsObservable();

    /// <summary>
    /// Gets each connection when it opens, once. A subscriber first receives the connection open now, if any. Completes
    /// when the session has ended. Use it to set up per-connection state (subscribe messages after a reconnect, for
    /// example); do not close these connections directly, close the session.
    /// </summary>
    /// <remarks>
    /// The same object every time, so that <c>session.Connections.Multiplex(...)</c> calls share their topics
    /// (a multiplexer is kept per connection stream).
    /// </remarks>
    public IObservable<WebSocketConnection> Connections { get; }

    /// <summary>Creates a session. It starts connecting at the first subscription or at <see cref="Start"/>.</summary>
    /// <param name="factory">
    /// Called once per attempt; returns a new connection, typically
    /// <c>WebSocketConnection.Connect(url, new WebSocketConnectionOptions { ..., Cancellation = attempt.Cancellation })</c>
    /// with headers or tokens evaluated afresh. If it throws, the attempt fails with that exception.
    /// </param>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <returns>The session, not yet started.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="factory"/> is <see langword="null"/>.</exception>
    public static ReconnectingConnection Create(Func<ReconnectAttempt, WebSocketConnection> factory, ReconnectingConnectionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return new ReconnectingConnection(factory, options ?? new ReconnectingConnectionOptions());
    }

    /// <summary>
    /// The cold form: each subscription creates its own session over <paramref name="factory"/> and starts it;
    /// disposing the subscription disposes the session (stopping any back-off wait or handshake at once).
    /// </summary>
    /// <param name="factory">Called once per attempt; see <see cref="Create"/>.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <returns>The messages of every connection of the session, in order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="factory"/> is <see langword="null"/>.</exception>
    public static IObservable<Message> Observe(Func<ReconnectAttempt, WebSocketConnection> factory, ReconnectingConnectionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return Observable.Using(() => Create(factory, options), static session => session);
    }

    /// <summary>Subscribes to the messages of every connection in turn, and starts the session if it has not started.</summary>
    /// <param name="observer">The observer.</param>
    /// <returns>The subscription; disposing it does not stop the session.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="observer"/> is <see langword="null"/>.</exception>
    public IDisposable Subscribe(IObserver<Message> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        var subscription = _messages.Subscribe(observer);
        Start();
        return subscription;
    }

    /// <summary>Starts connecting, if the session has not started and has not been closed; otherwise does nothing.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_started || _stopRequested)
            {
                return;
            }

            _started = true;
        }

        _telemetry.SessionStarting();
        StartAttempt(0);
    }

    private void StartAttempt(int attempt)
    {
        var cancellation = new CancellationTokenSource();

        // Taken now: a dispose on another thread may cancel and dispose the source before the factory is called.
        var token = cancellation.Token;
        lock (_gate)
        {
            if (_stopRequested)
            {
                cancellation.Dispose();
                return;
            }

            _attempt = attempt;
            _wait = null;
            _attemptCancellation = cancellation;
            _attemptActive = true;
        }

        Emit(new SessionState.Connecting(attempt));

        WebSocketConnection connection;
        try
        {
            // The attempt's span is current during the call: the connection's connect span becomes its child.
            using (_telemetry.AttemptStarting(attempt))
            {
                connection = _factory(new ReconnectAttempt(attempt, token))
                    ?? throw new InvalidOperationException("The connection factory returned null.");
            }
        }
        catch (Exception e)
        {
            // No connection to close: the attempt failed before one existed.
            OnAttemptEnded(clean: null, e);
            return;
        }

        bool stopped;
        SessionReader[] readers;
        long number;
        lock (_gate)
        {
            stopped = _stopRequested;
            _current = connection;
            number = ++_connectionNumber;
            readers = [.. _readers];
        }

        if (!stopped)
        {
            // Before the session's own subscription starts reading: a ReadAllAsync consumer misses nothing of this
            // connection. Its consumer is let go only after that subscription: it may run on this very thread and read.
            var waiters = readers.Select(reader => reader.Attach(number, connection)).ToArray();
            var subscription = connection.Subscribe(ForwardMessage, static _ => { }, static () => { });
            Array.ForEach(waiters, static waiter => waiter?.TrySetResult());
            lock (_gate)
            {
                if (_current == connection && !_disposed)
                {
                    _currentSubscription = subscription;
                    subscription = null;
                }
            }

            subscription?.Dispose();
        }

        // Opened completes before Closed, and continuations run in the order attached: Open is always told first.
        _ = connection.Opened.ContinueWith(t => OnOpened(connection, t), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously | TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        _ = connection.Closed.ContinueWith(t => OnConnectionEnded(connection, t), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        if (stopped)
        {
            // Closed or disposed while the factory ran: no reconnect follows, and its end is told like any other.
            connection.Dispose();
        }
    }

    /// <summary>
    /// Passes a message on. A subscriber that throws makes the connection close with 1011 (as it does for its own
    /// subscribers); the end is then the application's doing, which the default rule never retries: reconnecting
    /// would only feed the same bug the same messages again.
    /// </summary>
    private void ForwardMessage(Message message)
    {
        lock (_emitGate)
        {
            if (_sequencesEnded)
            {
                return;
            }

            try
            {
                _messages.OnNext(message);
            }
            catch (Exception)
            {
                Volatile.Write(ref _subscriberThrew, true);
                throw;
            }
        }
    }

    private void OnOpened(WebSocketConnection connection, Task<WebSocketOpenInfo> opened)
    {
        lock (_gate)
        {
            if (_current != connection || _stopRequested)
            {
                return;
            }

            _open = connection;
        }

        _telemetry.AttemptOpened();
        var info = opened.Result;
        lock (_emitGate)
        {
            _states.OnNext(new SessionState.Open(info.Protocol, info.Extensions));
            _announced = connection;
            _connections.OnNext(connection);
        }

        Pump();
    }

    private void OnConnectionEnded(WebSocketConnection connection, Task<WebSocketCloseInfo> closed)
    {
        IDisposable? subscription;
        lock (_gate)
        {
            if (_current != connection)
            {
                return;
            }

            subscription = _currentSubscription;
            _currentSubscription = null;
            _current = null;
        }

        subscription?.Dispose();
        var error = closed.IsFaulted ? closed.Exception.InnerException! : closed.IsCanceled ? new OperationCanceledException() : null;
        OnAttemptEnded(error is null ? closed.Result : null, error);
    }

    /// <summary>Reports the end of an attempt (or of the connection it opened) and decides what follows.</summary>
    private void OnAttemptEnded(WebSocketCloseInfo? clean, Exception? error)
    {
        bool wasOpen;
        bool requested;
        int attempt;
        CancellationTokenSource? cancellation;
        lock (_gate)
        {
            wasOpen = _open is not null;
            _open = null;
            requested = _stopRequested;
            attempt = _attempt;
            cancellation = _attemptCancellation;
            _attemptCancellation = null;
        }

        cancellation?.Dispose();
        FailWhileDisconnectedSends();
        if (!wasOpen)
        {
            _telemetry.AttemptFailed(error);
        }

        var failure = error as WebSocketConnectionException;
        var initiator = requested || Volatile.Read(ref _subscriberThrew) ? CloseInitiator.Application : clean is not null ? CloseInitiator.Peer : CloseInitiator.Unknown;
        var next = wasOpen ? 1 : attempt + 1;

        // Decided before Closed is told, so that Closed can say whether a reconnect follows (a UI then shows
        // "reconnecting" through an outage instead of flickering to "closed").
        TimeSpan? delay = null;
        Exception? policyFailure = null;
        var end = clean is not null ? ConnectionEnd.Closed(next, clean, initiator) : ConnectionEnd.Failed(next, error!, initiator);
        if (!requested)
        {
            try
            {
                delay = _options.Policy.ReconnectDelay(end);
            }
            catch (Exception e)
            {
                // A custom rule or jitter source that throws is a bug of the application: stop and tell it.
                policyFailure = e;
            }
        }

        var willReconnect = delay is not null;
        lock (_emitGate)
        {
            _announced = null;
            if (clean is not null && !requested)
            {
                _states.OnNext(new SessionState.Closing(CloseInitiator.Peer));
            }

            _states.OnNext(clean is not null
                ? new SessionState.Closed(clean.Code, clean.Reason, WasClean: true, willReconnect)
                : new SessionState.Closed(failure?.CloseCode, failure?.Reason is { Length: > 0 } reason ? reason : error!.Message, WasClean: false, willReconnect));
        }

        lock (_gate)
        {
            // Read again: a Close or dispose that came while this end was being told left States open for it (and
            // overrides a reconnect just announced: stopping wins).
            _attemptActive = false;
            requested = _stopRequested;
        }

        _telemetry.Decided(attempt, end, _options.Policy, delay, requested, policyFailure);

        if (requested)
        {
            // The application's own end completes the messages, unless it was the sink's error: that ends them as it
            // ends the connection's.
            End(Volatile.Read(ref _endWithConnectionError) ? error : null);
            return;
        }

        if (policyFailure is not null)
        {
            End(policyFailure);
            return;
        }

        if (delay is not { } wait)
        {
            // A clean close completes the messages, as on a single connection; the code is in the final Closed state.
            End(error);
            return;
        }

        Emit(new SessionState.WaitingToReconnect(wait, next));
        var timer = _options.Scheduler.Schedule(wait, () => StartAttempt(next));
        lock (_gate)
        {
            if (!_stopRequested)
            {
                _wait = timer;
                return;
            }
        }

        timer.Dispose();
    }

    /// <summary>
    /// Closes the session: no reconnect afterwards. An open connection closes with <paramref name="closeInfo"/>
    /// (validated as <see cref="WebSocketConnection.Close(WebSocketCloseInfo?)"/> does) and the messages complete when
    /// its close handshake ends; a handshake in progress is aborted; a back-off wait is cancelled and the messages
    /// complete at once. Later calls do nothing.
    /// </summary>
    /// <param name="closeInfo">The code and reason; <see langword="null"/> for none.</param>
    /// <exception cref="ArgumentOutOfRangeException">The code is not 1000 and not 3000-4999.</exception>
    /// <exception cref="ArgumentException">The reason is longer than 123 UTF-8 bytes.</exception>
    public void Close(WebSocketCloseInfo? closeInfo = null)
    {
        closeInfo?.Validate(nameof(closeInfo));
        Stop(static (connection, info) => connection.Close(info), closeInfo);
    }

    /// <summary>The application stops the session: no reconnect; the current connection, if any, is closed by <paramref name="close"/>.</summary>
    private void Stop<TState>(Action<WebSocketConnection, TState> close, TState state)
    {
        WebSocketConnection? connection;
        IDisposable? wait;
        lock (_gate)
        {
            if (_stopRequested)
            {
                return;
            }

            _stopRequested = true;
            connection = _current;
            wait = _wait;
            _wait = null;
        }

        wait?.Dispose();
        if (connection is null)
        {
            // Not started, waiting to reconnect, or in the factory call: nothing to close.
            End(error: null);
            return;
        }

        Emit(new SessionState.Closing(CloseInitiator.Application));
        close(connection, state);
    }

    /// <summary>
    /// Stops the session at once: cancels a back-off wait or a handshake (the attempt's token is cancelled), starts
    /// closing an open connection with 1000 without waiting for it, fails every queued send, and completes the
    /// messages and <see cref="Connections"/>. No reconnect afterwards. <see cref="States"/> completes when the
    /// connection that was open or opening has ended, after its final <see cref="SessionState.Closed"/> (at once when
    /// there was none).
    /// </summary>
    public void Dispose() => StopNow();

    /// <summary>
    /// Stops the session as <see cref="Dispose"/> does, then waits until the connection that was open or opening has
    /// ended and <see cref="States"/> has told its final <see cref="SessionState.Closed"/> and completed.
    /// </summary>
    /// <returns>A task that completes when <see cref="States"/> has completed.</returns>
    public async ValueTask DisposeAsync()
    {
        StopNow();
        await _statesCompleted.Task.ConfigureAwait(false);
    }

    private void StopNow()
    {
        WebSocketConnection? connection;
        IDisposable? wait;
        IDisposable? subscription;
        CancellationTokenSource? cancellation;
        bool closing;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            // Already closing (Close was called, or the session ended on its own): Closing is not told twice.
            closing = _stopRequested;
            _disposed = true;
            _stopRequested = true;

            // The connection stays current: its end is still reported, as the final Closed on States.
            connection = _current;
            _open = null;
            wait = _wait;
            _wait = null;
            subscription = _currentSubscription;
            _currentSubscription = null;
            cancellation = _attemptCancellation;
            _attemptCancellation = null;
        }

        wait?.Dispose();

        // Told before cancelling: cancelling a handshake may end the connection, and tell its Closed, at once.
        if (connection is not null && !closing)
        {
            Emit(new SessionState.Closing(CloseInitiator.Application));
        }

        cancellation?.Cancel();
        cancellation?.Dispose();
        connection?.Dispose();
        subscription?.Dispose();
        End(error: null);
    }

    /// <summary>
    /// Ends the session: fails what is still queued and ends the messages and <see cref="Connections"/> (once, with
    /// the first call's <paramref name="error"/>), and completes <see cref="States"/> once no attempt is left whose
    /// Closed is still to be told. Called again by that attempt's end.
    /// </summary>
    private void End(Exception? error)
    {
        bool endMessages;
        bool endStates;
        SessionReader[] readers = [];
        lock (_gate)
        {
            _stopRequested = true;
            endMessages = !_messagesEnded;
            _messagesEnded = true;
            endStates = !_statesEnded && !_attemptActive;
            _statesEnded |= endStates;
            if (endMessages)
            {
                _endError = error;
                readers = [.. _readers];
                _readers.Clear();
            }
        }

        if (endMessages)
        {
            FailQueuedSends(error);
            foreach (var reader in readers)
            {
                reader.End(error);
            }
        }

        lock (_emitGate)
        {
            if (endMessages)
            {
                _sequencesEnded = true;
                _announced = null;
                _connections.OnCompleted();
                if (error is null)
                {
                    _messages.OnCompleted();
                }
                else
                {
                    _messages.OnError(error);
                }
            }

            if (endStates)
            {
                _states.OnCompleted();
            }
        }

        if (endStates)
        {
            _statesCompleted.TrySetResult();
        }
    }

    private void Emit(SessionState state)
    {
        lock (_emitGate)
        {
            _states.OnNext(state);
        }
    }
}
