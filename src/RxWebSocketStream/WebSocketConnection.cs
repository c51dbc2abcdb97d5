using System.Net.WebSockets;
using System.Reactive.Disposables;
using RxWebSocketStream.Internal;

namespace RxWebSocketStream;

/// <summary>
/// A WebSocket connection the Rx way, after the browser's <c>WebSocketStream</c>: an
/// <see cref="IObservable{T}"/> of the messages the peer sends, a <see cref="Sink"/> for the messages we
/// send, and a validated close.
/// </summary>
/// <remarks>
/// <para>
/// Nothing is read from the socket until the first subscriber (or <see cref="ReadAllAsync"/> consumer)
/// arrives, so no message is lost between open and subscribe; after that the sequence is hot and shared.
/// Disposing the last subscription closes with <see cref="WebSocketConnectionOptions.UnsubscribeCloseInfo"/>
/// (1000 by default).
/// </para>
/// <para>
/// Every timeout runs on <see cref="WebSocketConnectionOptions.Scheduler"/>. When the socket completes an
/// operation synchronously (as a virtual peer does inside a scheduler action) the connection continues on
/// that same thread, in order: it starts no threads and hops nowhere of its own accord.
/// </para>
/// </remarks>
public sealed partial class WebSocketConnection : IObservable<Message>, IAsyncDisposable, IDisposable
{
    private readonly WebSocketConnectionOptions _options;

    // Where the connection is in its life, and what it still owes: the one owner of that state (its own file lists
    // every state and move). The partial files here are the I/O that reports events to it.
    private readonly ConnectionLifecycle _life = new();

    // Every call into subscribers goes through this, so they follow the Rx grammar whichever thread ends the connection.
    private readonly SerialObserverCalls _calls = new();

    // Continuations run inline (no RunContinuationsAsynchronously): determinism under a virtual-time
    // scheduler needs them on the completing thread. Neither is ever completed while holding a lock.
    private readonly TaskCompletionSource<WebSocketOpenInfo> _opened = new();
    private readonly TaskCompletionSource<WebSocketCloseInfo> _closed = new();

    // Set once, at open.
    private volatile WebSocket? _socket;

    // Logs, metrics and spans (docs/observability.md), told after each lifecycle move and once per message.
    private readonly ConnectionTelemetry _telemetry;

    private WebSocketConnection(WebSocketConnectionOptions options, ConnectionTelemetry telemetry)
    {
        _options = options;
        _telemetry = telemetry;
        Sink = new SinkObserver(this);

        // Faults of Opened/Closed are part of the API, but a caller that never awaits them must not see
        // them resurface as unobserved task exceptions.
        _ = _opened.Task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        _ = _closed.Task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>
    /// Gets a task that completes with the negotiated sub-protocol and extensions when the connection
    /// opens, or faults: with <see cref="OperationCanceledException"/> when
    /// <see cref="WebSocketConnectionOptions.Cancellation"/> stopped the handshake, otherwise with a
    /// <see cref="WebSocketConnectionException"/> whose <see cref="WebSocketConnectionException.CloseCode"/> is
    /// <see langword="null"/>.
    /// </summary>
    public Task<WebSocketOpenInfo> Opened => _opened.Task;

    /// <summary>
    /// Gets a task that completes after a clean close (close frames both sent and received) with the code
    /// and reason of the first close frame received (1005 for an empty one, on the sockets the library makes:
    /// docs/behaviour.md, "Exact close frames"), or faults with the
    /// <see cref="WebSocketConnectionException"/> (or <see cref="OperationCanceledException"/>) that ended the
    /// connection.
    /// </summary>
    public Task<WebSocketCloseInfo> Closed => _closed.Task;

    /// <summary>
    /// Gets the observer that sends messages: <c>OnNext</c> queues a message (see
    /// <see cref="WebSocketConnectionOptions.SendBufferCapacity"/>), <c>OnCompleted</c> sends every queued message
    /// and closes with 1000, <c>OnError</c> closes with the code and reason of a
    /// <see cref="WebSocketConnectionException"/>, or 1011 for any other exception.
    /// </summary>
    public IObserver<Message> Sink { get; }

    /// <summary>
    /// Gets how many messages the sink refused: because the send buffer was full under
    /// <see cref="SendBufferOverflow.DropNewest"/>, or because the connection was already closing.
    /// </summary>
    public long DroppedMessageCount => Interlocked.Read(ref _droppedMessageCount);

    /// <summary>
    /// Wraps a socket that is already open (accepted by ASP.NET Core, made by
    /// <see cref="WebSocket.CreateFromStream(Stream, WebSocketCreationOptions)"/>, or a virtual peer). The
    /// connection's <see cref="Opened"/> is complete at once, and the connection owns the socket from now on.
    /// </summary>
    /// <param name="socket">An open socket.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <returns>The connection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="socket"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="socket"/> is not open, or a close info of the options, set in place by configuration, may not be sent.</exception>
    public static WebSocketConnection Create(WebSocket socket, WebSocketConnectionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (socket.State != WebSocketState.Open)
        {
            throw new ArgumentException($"The socket is {socket.State}; only an open socket can be wrapped.", nameof(socket));
        }

        options?.ValidateCloseInfos();

        // Only the testing kit's virtual socket offers exact close frames itself (WebSocketConnection.ExactClose.cs).
        return CreateOpen(socket, options, socket as IExactCloseFrames);
    }

    /// <summary>
    /// Subscribes to the messages the peer sends. The first subscriber starts reading; each message is one
    /// <c>OnNext</c>, never a fragment, in wire order. A clean close is <c>OnCompleted</c>; anything else is
    /// <c>OnError</c> with the error that also faults <see cref="Closed"/>. Subscribing after the end
    /// replays only the end.
    /// </summary>
    /// <param name="observer">The observer.</param>
    /// <returns>A subscription; disposing the last one closes the connection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="observer"/> is <see langword="null"/>.</exception>
    public IDisposable Subscribe(IObserver<Message> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);

        if (!TryAddObserver(observer))
        {
            ReplayEnd(observer);
            return Disposable.Empty;
        }

        return Disposable.Create((this, observer), static state => state.Item1.RemoveObserver(state.observer));
    }

    /// <summary>
    /// Closes gracefully with 1000 if the connection is open, and returns at once; a peer that does not
    /// answer is aborted after <see cref="WebSocketConnectionOptions.CloseTimeout"/>. Await
    /// <see cref="DisposeAsync"/> to wait for the end.
    /// </summary>
    public void Dispose() => StartClose(DisposeCloseInfo, failure: null);

    /// <summary>
    /// Closes gracefully with 1000 if the connection is open and waits until it has ended (cleanly, or
    /// aborted after <see cref="WebSocketConnectionOptions.CloseTimeout"/>). Never throws for how it ended;
    /// <see cref="Closed"/> tells.
    /// </summary>
    /// <returns>A task that completes when the connection has ended.</returns>
    public async ValueTask DisposeAsync()
    {
        Dispose();
        await ((Task)_closed.Task).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
    }

    private static readonly WebSocketCloseInfo DisposeCloseInfo = new(1000);
}
