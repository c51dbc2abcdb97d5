using RxWebSocketStream.AspNetCore;
using RxWebSocketStream.Redis;
using RxWebSocketStream.Redis.Tests.Fixture;

namespace RxWebSocketStream.FanOut.Benchmarks;

/// <summary>
/// Two server instances behind one redis-server started for the run (with the Redis tests' fixture). Clients are
/// spread over both; every broadcast is made on the second instance, so half the clients are on the instance that
/// publishes and half on the other one.
/// </summary>
internal abstract class TwoInstancesBehindRedis : IFanOutTarget
{
    private readonly List<IFanOutTarget> _instances = [];
    private RedisServer? _redis;

    public abstract string Name { get; }

    public abstract string ClientKind { get; }

    public IReadOnlyList<Uri> ClientUrls { get; private set; } = [];

    public async Task StartAsync()
    {
        _redis = await RedisServer.StartAsync();
        for (var i = 0; i < 2; i++)
        {
            var instance = await NewInstanceAsync(_redis.Endpoint);
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

        await DisposeBackplanesAsync();
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    /// <summary>One instance, not started yet, whose backplane connects to <paramref name="redis"/> (host:port).</summary>
    protected abstract Task<IFanOutTarget> NewInstanceAsync(string redis);

    /// <summary>After the instances have stopped.</summary>
    protected virtual ValueTask DisposeBackplanesAsync() => ValueTask.CompletedTask;
}

/// <summary>This library: each instance's <see cref="Broadcaster"/> has its own <see cref="RedisBackplane"/> (its own connection).</summary>
internal sealed class RxwsRedisTarget : TwoInstancesBehindRedis
{
    private readonly List<RxwsTarget> _instances = [];
    private readonly List<RedisBackplane> _backplanes = [];

    public override string Name => "rxws-redis";

    public override string ClientKind => "rxws";

    /// <summary>Messages dropped for slow clients, lost on the way to Redis, or missed on the way back.</summary>
    public long Dropped =>
        _instances.Sum(static i => i.Dropped) + _backplanes.Sum(static b => b.LostMessageCount + b.MissedMessageCount);

    protected override async Task<IFanOutTarget> NewInstanceAsync(string redis)
    {
        var backplane = await RedisBackplane.ConnectAsync(redis);
        _backplanes.Add(backplane);
        var instance = new RxwsTarget(new BroadcasterOptions { Backplane = backplane });
        _instances.Add(instance);
        return instance;
    }

    protected override async ValueTask DisposeBackplanesAsync()
    {
        foreach (var backplane in _backplanes)
        {
            await backplane.DisposeAsync();
        }
    }
}

/// <summary>
/// SignalR with <c>AddStackExchangeRedis</c> (Microsoft.AspNetCore.SignalR.StackExchangeRedis) on each instance; its
/// backplane sends every broadcast through Redis to both instances, the publishing one's own clients included.
/// </summary>
internal sealed class SignalRRedisTarget(bool messagePack) : TwoInstancesBehindRedis
{
    public override string Name => messagePack ? "signalr-msgpack-redis" : "signalr-json-redis";

    public override string ClientKind => messagePack ? "signalr-msgpack" : "signalr-json";

    protected override Task<IFanOutTarget> NewInstanceAsync(string redis) => Task.FromResult<IFanOutTarget>(new SignalRTarget(messagePack, redis));
}
