using RxWebSocketStream.AspNetCore;
using RxWebSocketStream.Redis;
using RxWebSocketStream.Redis.Tests.Fixture;

namespace RxWebSocketStream.FanOut.Benchmarks;

/// <summary>
/// Two instances of this library's server, each with its own <see cref="RedisBackplane"/> (its own Redis
/// connection) on one redis-server started for the run. Clients are spread over both; every broadcast is made on
/// the second instance, so half the clients get it directly and half through Redis.
/// </summary>
internal sealed class RxwsRedisTarget : IFanOutTarget
{
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly List<RedisBackplane> _backplanes = [];
    private readonly List<RxwsTarget> _instances = [];

    public string Name => "rxws-redis";

    public string ClientKind => "rxws";

    public IReadOnlyList<Uri> ClientUrls { get; private set; } = [];

    /// <summary>Messages dropped for slow clients, lost on the way to Redis, or missed on the way back.</summary>
    public long Dropped =>
        _instances.Sum(static i => i.Dropped) + _backplanes.Sum(static b => b.LostMessageCount + b.MissedMessageCount);

    public async Task StartAsync()
    {
        var redis = await RedisServer.StartAsync();
        _owned.Add(redis);
        for (var i = 0; i < 2; i++)
        {
            var backplane = await RedisBackplane.ConnectAsync(redis.Endpoint);
            _backplanes.Add(backplane);
            var instance = new RxwsTarget(new BroadcasterOptions { Backplane = backplane });
            await instance.StartAsync();
            _instances.Add(instance);
        }

        ClientUrls = [.. _instances.SelectMany(static i => i.ClientUrls)];
    }

    public ValueTask BroadcastAsync(byte[] payload) => _instances[^1].BroadcastAsync(payload);

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        foreach (var backplane in _backplanes)
        {
            await backplane.DisposeAsync();
        }

        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }
    }
}

/// <summary>
/// Two SignalR instances with <c>AddStackExchangeRedis</c> (Microsoft.AspNetCore.SignalR.StackExchangeRedis) on one
/// redis-server started for the run. Clients are spread over both; every broadcast is made on the second instance
/// (SignalR's backplane sends it through Redis to both, its own clients included).
/// </summary>
internal sealed class SignalRRedisTarget(bool messagePack) : IFanOutTarget
{
    private readonly List<SignalRTarget> _instances = [];
    private RedisServer? _redis;

    public string Name => messagePack ? "signalr-msgpack-redis" : "signalr-json-redis";

    public string ClientKind => messagePack ? "signalr-msgpack" : "signalr-json";

    public IReadOnlyList<Uri> ClientUrls { get; private set; } = [];

    public async Task StartAsync()
    {
        _redis = await RedisServer.StartAsync();
        for (var i = 0; i < 2; i++)
        {
            var instance = new SignalRTarget(messagePack, _redis.Endpoint);
            await instance.StartAsync();
            _instances.Add(instance);
        }

        ClientUrls = [.. _instances.SelectMany(static i => i.ClientUrls)];
    }

    public ValueTask BroadcastAsync(byte[] payload) => _instances[^1].BroadcastAsync(payload);

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }
}
