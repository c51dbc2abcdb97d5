using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using RxWebSocketStream.AspNetCore;
using StackExchange.Redis;

namespace RxWebSocketStream.Redis.Tests.Fixture;

/// <summary>
/// One server instance of an application, as docs/redis-backplane.md runs it: its own Kestrel on 127.0.0.1 (free
/// port), its own Redis connection and <see cref="RedisBackplane"/>, and a <see cref="Broadcaster"/> on it.
/// <c>/feed</c> joins each connection to the group <see cref="GroupName"/>.
/// </summary>
internal sealed class BackplaneNode : IAsyncDisposable
{
    public const string GroupName = "feed";

    private readonly WebApplication _app;
    private readonly object _gate = new();
    private readonly List<HttpContext> _requests = [];
    private readonly List<(int Count, TaskCompletionSource Reached)> _joinWaits = [];
    private int _joined;
    private bool _stopped;

    private BackplaneNode(WebApplication app, RedisBackplane backplane, Broadcaster broadcaster)
    {
        _app = app;
        Backplane = backplane;
        Broadcaster = broadcaster;
        Group = broadcaster.Group(GroupName);
    }

    public RedisBackplane Backplane { get; }

    public Broadcaster Broadcaster { get; }

    public BroadcastGroup Group { get; }

    /// <summary>Gets the ws:// address of the feed.</summary>
    public Uri FeedUrl { get; private set; } = null!;

    /// <summary>The StackExchange.Redis settings of the tests: reconnect quickly, so a restart costs milliseconds rather than seconds.</summary>
    public static ConfigurationOptions RedisConfiguration(RedisServer redis) => new()
    {
        EndPoints = { redis.Endpoint },
        ReconnectRetryPolicy = new LinearRetry(50),
        HeartbeatInterval = TimeSpan.FromMilliseconds(100),
    };

    /// <summary>The backplane's settings in the tests: a probe every 100 ms until the round trip is confirmed.</summary>
    public static RedisBackplaneOptions BackplaneOptions { get; } = new() { ProbeInterval = TimeSpan.FromMilliseconds(100) };

    /// <summary>Connects a backplane with the tests' settings and waits until its probe has come back through Redis.</summary>
    public static async Task<RedisBackplane> ConnectBackplaneAsync(RedisServer redis, RedisBackplaneOptions? options = null)
    {
        var backplane = await RedisBackplane.ConnectAsync(RedisConfiguration(redis), options ?? BackplaneOptions).Within();
        await backplane.Liveness.FirstAsync(static live => live).ToTask().Within();
        return backplane;
    }

    public static async Task<BackplaneNode> StartAsync(RedisServer redis, BroadcastGroupOptions? groupOptions = null)
    {
        var backplane = await ConnectBackplaneAsync(redis);
        var broadcaster = new Broadcaster(new BroadcasterOptions { Backplane = backplane, DefaultGroup = groupOptions ?? new BroadcastGroupOptions() });
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var node = new BackplaneNode(app, backplane, broadcaster);
        app.MapWebSocketConnection("/feed", async (connection, context) =>
        {
            node.Joined(context, connection);
            await connection.Closed.ContinueWith(static _ => { }, TaskScheduler.Default);
        });
        await app.StartAsync().Within();
        node.FeedUrl = new UriBuilder(app.Urls.First()) { Scheme = "ws", Path = "/feed" }.Uri;
        return node;
    }

    /// <summary>Waits until <paramref name="count"/> connections have joined the feed on this node since it started.</summary>
    public Task JoinedAsync(int count)
    {
        lock (_gate)
        {
            if (_joined >= count)
            {
                return Task.CompletedTask;
            }

            var wait = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _joinWaits.Add((count, wait));
            return wait.Task.Within();
        }
    }

    /// <summary>Dies as a crashed instance does: every connection's TCP stream is aborted (no close frame), then the host stops.</summary>
    public async Task CrashAsync()
    {
        lock (_gate)
        {
            foreach (var request in _requests)
            {
                request.Abort();
            }
        }

        await StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
    }

    private async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await _app.StopAsync().Within();
        Broadcaster.Dispose();
        await Backplane.DisposeAsync().AsTask().Within();
    }

    private void Joined(HttpContext context, WebSocketConnection connection)
    {
        Group.Join(connection);
        lock (_gate)
        {
            _requests.Add(context);
            _joined++;
            foreach (var wait in _joinWaits.Where(w => w.Count <= _joined).ToList())
            {
                _joinWaits.Remove(wait);
                wait.Reached.TrySetResult();
            }
        }
    }
}
