using System.Net.WebSockets;
using System.Reactive;
using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using RxWebSocketStream.Testing.Internal;

namespace RxWebSocketStream.Testing;

/// <summary>
/// The scripted far end of a <see cref="VirtualWebSocket"/>, in the virtual time of a scheduler: it sends what its script
/// says when the script says (<see cref="Script(IEnumerable{Recorded{PeerAction}})"/>), and records what our side sends
/// (<see cref="Received"/>, <see cref="ReceivedMessages"/>).
/// </summary>
/// <remarks>Use one peer per connection. Drive it from the thread that advances the scheduler.</remarks>
public sealed partial class VirtualPeer
{
    private readonly IScheduler _scheduler;
    private readonly Subject<SocketAction> _received = new();
    private readonly List<Recorded<Notification<SocketAction>>> _receivedMessages = [];

    /// <summary>Creates a peer and its socket, open at once (see <see cref="ConnectAsync"/> for a handshake in virtual time).</summary>
    /// <param name="scheduler">
    /// The virtual-time scheduler: this kit's <see cref="TestScheduler"/>, or any other (Microsoft.Reactive.Testing's
    /// included); the peer's own steps run with no <see cref="SynchronizationContext"/> on every scheduler.
    /// </param>
    /// <param name="options">How the peer behaves; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="scheduler"/> is <see langword="null"/>.</exception>
    public VirtualPeer(IScheduler scheduler, VirtualPeerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        _scheduler = scheduler;
        Options = options ?? new VirtualPeerOptions();
        Socket = new VirtualWebSocket(this);
        Socket.StartKeepAlive();
    }

    /// <summary>Gets how the peer behaves.</summary>
    public VirtualPeerOptions Options { get; }

    /// <summary>Gets our side of the connection.</summary>
    public VirtualWebSocket Socket { get; }

    /// <summary>Gets whether the peer reads what our side sends (see <see cref="PeerAction.StopReading"/>).</summary>
    public bool IsReading => Socket.PeerIsReading;

    /// <summary>
    /// Gets what our side sent or did, as a hot observable emitting in virtual time: each whole message when its final
    /// fragment is taken, each close frame, an abort; it completes when our side disposes or aborts the socket.
    /// </summary>
    public IObservable<SocketAction> Received => _received.AsObservable();

    /// <summary>Gets everything <see cref="Received"/> emitted, with virtual times, completion included.</summary>
    public IReadOnlyList<Recorded<Notification<SocketAction>>> ReceivedMessages => _receivedMessages;

    /// <summary>Gets the actions of <see cref="ReceivedMessages"/> without completion, for plain assertions.</summary>
    public IReadOnlyList<SocketAction> ReceivedActions =>
        _receivedMessages.Where(m => m.Value.Kind == NotificationKind.OnNext).Select(m => m.Value.Value).ToArray();

    private long Now => _scheduler.Now.UtcTicks;

    /// <summary>
    /// Schedules script steps at absolute virtual times (ticks, as <c>TestScheduler.Clock</c>). Steps at the same
    /// time run in the order given.
    /// </summary>
    /// <param name="steps">The steps and their times.</param>
    /// <exception cref="ArgumentNullException"><paramref name="steps"/> or a step's action is <see langword="null"/>.</exception>
    public void Script(params Recorded<PeerAction>[] steps) => Script((IEnumerable<Recorded<PeerAction>>)steps);

    /// <summary>Schedules script steps at absolute virtual times (ticks).</summary>
    /// <param name="steps">The steps and their times.</param>
    /// <exception cref="ArgumentNullException"><paramref name="steps"/> or a step's action is <see langword="null"/>.</exception>
    public void Script(IEnumerable<Recorded<PeerAction>> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var list = steps.ToArray();
        if (list.Any(s => s.Value is null))
        {
            throw new ArgumentNullException(nameof(steps), "A script step has no action.");
        }

        foreach (var step in list)
        {
            Schedule((self: this, action: step.Value), new DateTimeOffset(step.Time, TimeSpan.Zero), static s =>
            {
                s.action.Apply(s.self.Socket);
                return Disposable.Empty;
            });
        }
    }

    /// <summary>
    /// Schedules a script given as timed notifications, the shape a marble diagram parses to: <c>OnNext</c> performs the
    /// action, <c>OnCompleted</c> sends a close frame with 1000 and no reason, <c>OnError</c> drops the connection.
    /// </summary>
    /// <param name="notifications">The notifications and their absolute times (ticks).</param>
    /// <exception cref="ArgumentNullException"><paramref name="notifications"/> is <see langword="null"/>.</exception>
    public void Script(IEnumerable<Recorded<Notification<PeerAction>>> notifications)
    {
        ArgumentNullException.ThrowIfNull(notifications);
        Script(notifications.Select(n => new Recorded<PeerAction>(n.Time, n.Value.Kind switch
        {
            NotificationKind.OnNext => n.Value.Value,
            NotificationKind.OnCompleted => PeerAction.Close(WebSocketCloseStatus.NormalClosure),
            _ => PeerAction.Drop(),
        })));
    }

    /// <summary>
    /// Schedules a script drawn as a marble diagram (1 frame = 1 ms, frame 0 at virtual time zero or at
    /// <c>^</c>): each value character is the <see cref="PeerAction"/> its legend gives, <c>|</c> sends a close
    /// frame with 1000, <c>#</c> drops the connection.
    /// </summary>
    /// <param name="marbles">The diagram, for example <c>"--a--b--|"</c>.</param>
    /// <param name="legend">The action of each value character.</param>
    /// <exception cref="ArgumentNullException"><paramref name="marbles"/> or <paramref name="legend"/> is <see langword="null"/>.</exception>
    /// <exception cref="MarbleSyntaxException">The diagram is malformed, or uses a character the legend lacks.</exception>
    public void Script(string marbles, IReadOnlyDictionary<char, PeerAction> legend)
    {
        ArgumentNullException.ThrowIfNull(marbles);
        ArgumentNullException.ThrowIfNull(legend);
        Script(MarbleDiagram.Parse(marbles, legend));
    }

    /// <summary>Performs a step now, at the current virtual time.</summary>
    /// <param name="action">The step.</param>
    /// <exception cref="ArgumentNullException"><paramref name="action"/> is <see langword="null"/>.</exception>
    public void Perform(PeerAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        WithoutSynchronizationContext.Run(() => action.Apply(Socket));
    }

    /// <summary>
    /// Schedules the peer's own work (script steps, close answers, handshake, keep-alive). It runs with no
    /// <see cref="SynchronizationContext"/> on any scheduler, not only on this kit's <see cref="TestScheduler"/>, so the
    /// tasks it completes resume their continuations inline, at the step's virtual time.
    /// </summary>
    internal IDisposable Schedule<TState>(TState state, TimeSpan dueTime, Func<TState, IDisposable> action) =>
        _scheduler.Schedule((state, action), dueTime, static (_, s) => WithoutSynchronizationContext.Run(s, static s => s.action(s.state)));

    /// <summary>As <see cref="Schedule{TState}(TState, TimeSpan, Func{TState, IDisposable})"/>, at an absolute virtual time.</summary>
    internal IDisposable Schedule<TState>(TState state, DateTimeOffset dueTime, Func<TState, IDisposable> action) =>
        _scheduler.Schedule((state, action), dueTime, static (_, s) => WithoutSynchronizationContext.Run(s, static s => s.action(s.state)));

    internal void Record(SocketAction action)
    {
        _receivedMessages.Add(new(Now, Notification.CreateOnNext(action)));
        _received.OnNext(action);
    }

    internal void Complete()
    {
        _receivedMessages.Add(new(Now, Notification.CreateOnCompleted<SocketAction>()));
        _received.OnCompleted();
    }

    /// <summary>
    /// A well-behaved peer answers our close in the same frame (an empty close frame with an empty one); a strict one
    /// (the BCL) answers a bad code with 1002.
    /// </summary>
    /// <param name="status">The code on the wire; <see langword="null"/> for an empty close frame.</param>
    /// <param name="reason">The reason on the wire.</param>
    internal void OnCloseFrameTaken(WebSocketCloseStatus? status, string reason)
    {
        if (!Options.AnswersClose || Socket.PeerHasSentClose || Socket.PeerHasDropped)
        {
            return;
        }

        var answer = status is not { } code ? PeerAction.CloseEmpty()
            : BclRules.IsValidReceivedCloseStatus((int)code) ? PeerAction.Close(code, reason)
            : PeerAction.Close(WebSocketCloseStatus.ProtocolError);
        Schedule((self: this, answer), TimeSpan.Zero, static s =>
        {
            if (!s.self.Socket.PeerHasSentClose)
            {
                s.answer.Apply(s.self.Socket);
            }

            return Disposable.Empty;
        });
    }
}
