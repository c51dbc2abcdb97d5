using System.Reactive.Linq;
using System.Text.Json.Serialization.Metadata;
using RxWebSocketStream.AspNetCore.Internal;

namespace RxWebSocketStream.AspNetCore;

/// <summary>
/// A set of connections that receive the same broadcasts, each through its own bounded queue, so that a slow
/// member never slows the others or the sender (see <see cref="SlowClientPolicy"/>). Made by
/// <see cref="Broadcaster.Group(string)"/>; <see cref="Broadcaster.All"/> is the group of every connection the
/// broadcaster knows. Thread-safe: join, leave and broadcast from any thread. See docs/fanout.md.
/// </summary>
public sealed class BroadcastGroup
{
    private readonly Broadcaster _owner;
    private readonly object _gate = new();
    private readonly Dictionary<WebSocketConnection, GroupMember> _byConnection = [];

    // Copied on every join and leave, read without a lock by every broadcast: broadcasts far outnumber joins.
    private GroupMember[] _members = [];
    private long _dropped;
    private long _slowClientsClosed;

    internal BroadcastGroup(Broadcaster owner, string? name, BroadcastGroupOptions options)
    {
        _owner = owner;
        Name = name;
        Options = options;
    }

    /// <summary>Gets the group's name, or <see langword="null"/> for <see cref="Broadcaster.All"/>.</summary>
    public string? Name { get; }

    /// <summary>Gets the group's queue capacity and slow-client policy.</summary>
    public BroadcastGroupOptions Options { get; }

    /// <summary>Gets how many connections are in the group now.</summary>
    public int Count => Volatile.Read(ref _members).Length;

    /// <summary>Gets how many messages broadcast to this group were dropped for one of its members, since the group was made.</summary>
    public long DroppedMessageCount => Interlocked.Read(ref _dropped);

    /// <summary>Gets how many members this group closed under <see cref="SlowClientPolicy.Close"/>.</summary>
    public long SlowClientsClosedCount => Interlocked.Read(ref _slowClientsClosed);

    internal FanOutCounters Counters => _owner.Counters;

    /// <summary>
    /// Adds a connection to the group (and to <see cref="Broadcaster.All"/>). It receives the messages
    /// broadcast from now on, and leaves every group by itself when it closes.
    /// </summary>
    /// <param name="connection">The connection.</param>
    /// <returns><see langword="true"/> when it joined; <see langword="false"/> when it was already a member or has already closed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="connection"/> is <see langword="null"/>.</exception>
    /// <exception cref="ObjectDisposedException">The broadcaster was disposed.</exception>
    public bool Join(WebSocketConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var known = _owner.Track(connection);
        if (Name is not null)
        {
            _owner.All.Join(connection);
        }

        lock (_gate)
        {
            if (connection.Closed.IsCompleted || (_byConnection.TryGetValue(connection, out var member) && member.InGroup) || !known.Joined(this))
            {
                return false;
            }

            // A member that left and is still sending what was queued before serves the connection again.
            if (member is null || !member.Rejoin())
            {
                member = new GroupMember(this, known);
                _byConnection[connection] = member;
            }

            member.InGroup = true;
            _members = [.. _members, member];
            return true;
        }
    }

    /// <summary>
    /// Removes a connection from the group: no message broadcast from now on is queued for it; what is
    /// already queued is still sent (and, should it join again meanwhile, before anything newer).
    /// </summary>
    /// <param name="connection">The connection.</param>
    /// <returns><see langword="true"/> when it left; <see langword="false"/> when it was not a member.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="connection"/> is <see langword="null"/>.</exception>
    public bool Leave(WebSocketConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        GroupMember? member;
        lock (_gate)
        {
            if (!_byConnection.TryGetValue(connection, out member) || !member.InGroup)
            {
                return false;
            }

            TakeOutOfList(member);
            if (member.Leave())
            {
                _byConnection.Remove(connection);
            }
        }

        member.Connection.Left(this);
        return true;
    }

    /// <summary>Gets whether the connection is in the group now.</summary>
    /// <param name="connection">The connection.</param>
    /// <returns><see langword="true"/> when it is a member.</returns>
    public bool Contains(WebSocketConnection connection)
    {
        lock (_gate)
        {
            return _byConnection.TryGetValue(connection, out var member) && member.InGroup;
        }
    }

    /// <summary>
    /// Broadcasts one message to every member, on every node when the broadcaster has a backplane. Returns
    /// at once: the message is encoded once (text to UTF-8) and queued for each member; it never waits for a
    /// member's socket.
    /// </summary>
    /// <param name="message">The message.</param>
    public void Send(Message message)
    {
        // Encoded once here, not once per member: Message.Data encodes a string each time it is read.
        var encoded = message.IsText ? Message.FromUtf8Text(message.Data) : message;
        Deliver(encoded);
        _owner.Publish(Name, encoded);
    }

    /// <summary>
    /// Broadcasts every message of <paramref name="messages"/> as <see cref="Send"/> does, in the order the
    /// source emits them, until the source ends or the returned subscription is disposed. The source's end,
    /// completion or error, only ends the broadcast: members stay connected (observe the source to see why
    /// it ended).
    /// </summary>
    /// <param name="messages">The messages to broadcast.</param>
    /// <returns>The subscription to the source; dispose it to stop broadcasting.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is <see langword="null"/>.</exception>
    public IDisposable Broadcast(IObservable<Message> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return messages.Subscribe(new BroadcastObserver(this));
    }

    /// <summary>
    /// Broadcasts every value of <paramref name="values"/> as one JSON text message (<see cref="Message.FromJson{T}(T, JsonTypeInfo{T}, MessageType)"/>),
    /// serialized once per value whatever the number of members, as <see cref="Broadcast(IObservable{Message})"/>
    /// does. A value that cannot be serialized ends the broadcast, as a failing source does; members stay connected.
    /// </summary>
    /// <typeparam name="T">The type of the values.</typeparam>
    /// <param name="values">The values to broadcast.</param>
    /// <param name="typeInfo">Source-generated JSON metadata of <typeparamref name="T"/> (trim- and AOT-safe).</param>
    /// <returns>The subscription to the source; dispose it to stop broadcasting.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> or <paramref name="typeInfo"/> is <see langword="null"/>.</exception>
    public IDisposable Broadcast<T>(IObservable<T> values, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(typeInfo);
        return Broadcast(values.Select(value => Message.FromJson(value, typeInfo)));
    }

    /// <summary>Queues an already encoded message for this node's members only (a local broadcast, or one from the backplane).</summary>
    internal void Deliver(Message encoded)
    {
        foreach (var member in Volatile.Read(ref _members))
        {
            member.Enqueue(encoded);
        }
    }

    /// <summary>Forgets a member dropped for good (closed as slow, or its connection ended), if it is still the connection's.</summary>
    internal void Remove(GroupMember member)
    {
        lock (_gate)
        {
            if (!_byConnection.TryGetValue(member.Connection.Connection, out var current) || current != member)
            {
                return;
            }

            _byConnection.Remove(member.Connection.Connection);
            TakeOutOfList(member);
        }

        member.Connection.Left(this);
    }

    /// <summary>Forgets a member that left and has sent everything, unless it joined again meanwhile.</summary>
    internal void Forget(GroupMember member)
    {
        lock (_gate)
        {
            if (!member.InGroup && member.IsDone() && _byConnection.TryGetValue(member.Connection.Connection, out var current) && current == member)
            {
                _byConnection.Remove(member.Connection.Connection);
            }
        }
    }

    private void TakeOutOfList(GroupMember member)
    {
        if (member.InGroup)
        {
            member.InGroup = false;
            _members = Array.FindAll(_members, m => m != member);
        }
    }

    internal void CountDropped(int count) => Interlocked.Add(ref _dropped, count);

    internal void CountSlowClientClosed() => Interlocked.Increment(ref _slowClientsClosed);

    private sealed class BroadcastObserver(BroadcastGroup group) : IObserver<Message>
    {
        public void OnNext(Message value) => group.Send(value);

        public void OnError(Exception error)
        {
        }

        public void OnCompleted()
        {
        }
    }
}
