using RxWebSocketStream.Internal;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using RxWebSocketStream.AspNetCore.Internal;

namespace RxWebSocketStream.AspNetCore;

/// <summary>
/// Fan-out: broadcasts messages to groups of server connections, each member through its own bounded queue
/// with a <see cref="SlowClientPolicy"/>, and, with an <see cref="IBroadcastBackplane"/>, to the members on
/// every other server instance. Typically one per application, shared by the endpoint's handler
/// (which joins connections to groups) and whatever produces the feed. Thread-safe. See docs/fanout.md.
/// </summary>
/// <example>
/// <code>
/// var broadcaster = new Broadcaster();
/// var prices = broadcaster.Group("prices", new BroadcastGroupOptions { SlowClient = SlowClientPolicy.DropOldest });
/// app.MapWebSocketConnection("/prices", conn => prices.Join(conn));
/// using var feed = prices.Broadcast(priceUpdates.Select(p => Message.FromText(p.ToJson())));
/// </code>
/// </example>
public sealed class Broadcaster : IDisposable
{
    private readonly ConditionalWeakTable<WebSocketConnection, FanOutConnection> _connections = [];
    private readonly ConcurrentDictionary<string, BroadcastGroup> _groups = new(StringComparer.Ordinal);
    private readonly IBroadcastBackplane? _backplane;
    private readonly IDisposable? _fromBackplane;
    private int _disposed;

    /// <summary>Creates a broadcaster; with a backplane, it starts receiving the other nodes' broadcasts at once.</summary>
    /// <param name="options">The options, or <see langword="null"/> for the defaults.</param>
    public Broadcaster(BroadcasterOptions? options = null)
    {
        Options = options ?? new BroadcasterOptions();
        Counters = new FanOutCounters(WebSocketMetrics.For(Options.MeterFactory));
        All = new BroadcastGroup(this, name: null, Options.DefaultGroup);
        _backplane = Options.Backplane;
        _fromBackplane = _backplane?.Received.Subscribe(new BackplaneObserver(this));
    }

    /// <summary>Gets the options.</summary>
    public BroadcasterOptions Options { get; }

    /// <summary>
    /// Gets the group of every connection this broadcaster knows: each connection that joined any group is in
    /// it until it closes (leaving a named group does not leave this one), and a connection may also join it
    /// directly. Its options are <see cref="BroadcasterOptions.DefaultGroup"/>.
    /// </summary>
    public BroadcastGroup All { get; }

    /// <summary>Gets how many broadcast messages were dropped, for any member of any group, since the broadcaster was made.</summary>
    public long DroppedMessageCount => Counters.DroppedMessageCount;

    /// <summary>Gets how many members were closed under <see cref="SlowClientPolicy.Close"/>, in any group.</summary>
    public long SlowClientsClosedCount => Counters.SlowClientsClosedCount;

    internal FanOutCounters Counters { get; }

    /// <summary>
    /// Gets the group of that name, making it with <see cref="BroadcasterOptions.DefaultGroup"/> if it does not
    /// exist yet. Groups live as long as the broadcaster, empty or not.
    /// </summary>
    /// <param name="name">The group's name, compared ordinally.</param>
    /// <returns>The group.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is <see langword="null"/> or empty.</exception>
    public BroadcastGroup Group(string name) => Group(name, Options.DefaultGroup);

    /// <summary>Gets the group of that name, making it with <paramref name="options"/> if it does not exist yet.</summary>
    /// <param name="name">The group's name, compared ordinally.</param>
    /// <param name="options">The group's options.</param>
    /// <returns>The group.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is <see langword="null"/> or empty, or the group exists with other options.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    public BroadcastGroup Group(string name, BroadcastGroupOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(options);
        var group = _groups.GetOrAdd(name, static (n, state) => new BroadcastGroup(state.Owner, n, state.Options), (Owner: this, Options: options));
        return group.Options == options || options == Options.DefaultGroup
            ? group
            : throw new ArgumentException($"The group \"{name}\" already exists with other options; pass the same BroadcastGroupOptions instance, or none.", nameof(options));
    }

    /// <summary>Gets how many messages broadcast to this connection were dropped, in any group, so far.</summary>
    /// <param name="connection">The connection.</param>
    /// <returns>The count; 0 for a connection that never joined a group of this broadcaster.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="connection"/> is <see langword="null"/>.</exception>
    public long GetDroppedMessageCount(WebSocketConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return _connections.TryGetValue(connection, out var known) ? known.DroppedMessageCount : 0;
    }

    /// <summary>
    /// Stops receiving from the backplane. Members keep what is queued for them and their connections stay
    /// open; the broadcaster must not be used afterwards. Disposing the backplane is up to its owner.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _fromBackplane?.Dispose();
        }
    }

    /// <summary>What the broadcaster knows of a connection, watched so that it leaves every group when it closes.</summary>
    internal FanOutConnection Track(WebSocketConnection connection)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var known = _connections.GetValue(connection, static c => new FanOutConnection(c));
        if (known.StartWatching())
        {
            // Registered as an await continuation: it runs when Closed completes, ahead of continuations
            // registered later (such as an await of Closed in the handler), so the groups are left by then.
            connection.Closed.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(() => Ended(known));
        }

        return known;
    }

    private static void Ended(FanOutConnection ended)
    {
        _ = ended.Connection.Closed.Exception; // observed here too: the handler may never await Closed
        foreach (var group in ended.End())
        {
            group.Leave(ended.Connection);
        }
    }

    /// <summary>Hands a broadcast to the backplane: once per message, whatever the number of members.</summary>
    internal void Publish(string? group, Message encoded) => _backplane?.Publish(new BackplaneMessage(group, encoded));

    private void Receive(BackplaneMessage message)
    {
        if (message.Group is null)
        {
            All.Deliver(message.Message);
        }
        else if (_groups.TryGetValue(message.Group, out var group))
        {
            group.Deliver(message.Message);
        }
    }

    /// <summary>
    /// Delivers the other nodes' broadcasts to this node's members. The contract says the sequence does not
    /// end on an outage; if a backplane ends it anyway, remote broadcasts stop arriving and local ones go on.
    /// </summary>
    private sealed class BackplaneObserver(Broadcaster owner) : IObserver<BackplaneMessage>
    {
        public void OnNext(BackplaneMessage value) => owner.Receive(value);

        public void OnError(Exception error)
        {
        }

        public void OnCompleted()
        {
        }
    }
}
