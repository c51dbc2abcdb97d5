using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace RxWebSocketStream.AspNetCore.Internal;

/// <summary>
/// The open server connections of one application, so that shutdown can close them with 1001 going away.
/// One registry per <see cref="IHostApplicationLifetime"/>, made on first use: no service registration is
/// needed, and two hosts in one process (tests) do not see each other's connections.
/// </summary>
internal sealed class ConnectionRegistry
{
    /// <summary>What every open connection is closed with when the application stops.</summary>
    internal static readonly WebSocketCloseInfo GoingAway = WebSocketCloseInfo.ForProtocol(WebSocketCloseStatus.EndpointUnavailable, "server shutting down");

    private static readonly ConditionalWeakTable<IHostApplicationLifetime, ConnectionRegistry> Registries = [];

    private readonly ConcurrentDictionary<WebSocketConnection, byte> _open = new();
    private int _stopping;

    private ConnectionRegistry(IHostApplicationLifetime lifetime)
    {
        lifetime.ApplicationStopping.Register(static state => ((ConnectionRegistry)state!).OnStopping(), this);
    }

    /// <summary>Gets how many connections are open.</summary>
    public int Count => _open.Count;

    /// <summary>The registry of the application that owns <paramref name="services"/>, or <see langword="null"/> outside a host.</summary>
    public static ConnectionRegistry? For(IServiceProvider? services) =>
        services?.GetService<IHostApplicationLifetime>() is { } lifetime
            ? Registries.GetValue(lifetime, static l => new ConnectionRegistry(l))
            : null;

    /// <summary>Tracks the connection until it ends; one added while the application stops is closed at once.</summary>
    public void Add(WebSocketConnection connection)
    {
        _open.TryAdd(connection, 0);
        _ = connection.Closed.ContinueWith(
            static (closed, state) =>
            {
                var (registry, connection) = ((ConnectionRegistry, WebSocketConnection))state!;
                registry._open.TryRemove(connection, out _);
            },
            (this, connection),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

        if (Volatile.Read(ref _stopping) != 0)
        {
            connection.Close(GoingAway);
        }
    }

    /// <summary>
    /// Starts the close handshake of every open connection and returns at once: the host goes on stopping,
    /// and Kestrel waits for the requests, each of which ends when its connection's close handshake does, or
    /// when the connection's close timeout (on its scheduler) aborts a peer that never answers.
    /// </summary>
    private void OnStopping()
    {
        Interlocked.Exchange(ref _stopping, 1);
        foreach (var connection in _open.Keys)
        {
            connection.Close(GoingAway);
        }
    }
}
