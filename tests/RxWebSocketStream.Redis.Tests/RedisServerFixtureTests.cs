using System.Net.Sockets;
using RxWebSocketStream.Interop.Tests.Peers;
using RxWebSocketStream.Redis.Tests.Fixture;

namespace RxWebSocketStream.Redis.Tests;

/// <summary>The fixture itself: a private, non-persistent redis-server that can be stopped and brought back.</summary>
public sealed class RedisServerFixtureTests
{
    [RedisFact]
    public async Task A_started_server_answers_on_loopback_with_persistence_off()
    {
        await using var redis = await RedisServer.StartAsync();

        Assert.Equal("PONG", await redis.CommandAsync("PING"));
        Assert.Equal("save\n", await redis.CommandAsync("CONFIG", "GET", "save"));
        Assert.Equal("appendonly\nno", await redis.CommandAsync("CONFIG", "GET", "appendonly"));
        Assert.Equal("bind\n127.0.0.1", await redis.CommandAsync("CONFIG", "GET", "bind"));
    }

    [RedisFact]
    public async Task A_stopped_server_refuses_connections_and_a_restarted_one_is_back_on_the_same_port_and_empty()
    {
        await using var redis = await RedisServer.StartAsync();
        var port = redis.Port;
        Assert.Equal("OK", await redis.CommandAsync("SET", "k", "v"));

        await redis.StopAsync();
        Assert.False(redis.IsRunning);
        await Assert.ThrowsAsync<SocketException>(() => redis.CommandAsync("PING"));

        await redis.RestartAsync();
        Assert.Equal(port, redis.Port);
        Assert.Equal("PONG", await redis.CommandAsync("PING"));
        Assert.Equal(string.Empty, await redis.CommandAsync("GET", "k"));
    }

    [RedisFact]
    public async Task The_publish_count_counts_PUBLISH_commands_and_resets()
    {
        await using var redis = await RedisServer.StartAsync();
        Assert.Equal(0, await redis.PublishCountAsync());

        await redis.CommandAsync("PUBLISH", "c", "1");
        await redis.CommandAsync("PUBLISH", "c", "2");
        Assert.Equal(2, await redis.PublishCountAsync());

        await redis.ResetStatisticsAsync();
        Assert.Equal(0, await redis.PublishCountAsync());
    }

    [Fact]
    public void Without_redis_server_the_tests_say_how_to_install_it()
    {
        // The same peer as the fixture's, as it looks on a machine without the binary.
        var missing = new Peer(RedisServer.Peer.Name, RedisServer.Peer.HowToInstall, static () => "/usr/bin/redis-server does not exist");

        var reason = missing.SkipReasonFor(missing.Problem, isCi: false);

        Assert.NotNull(reason);
        Assert.Contains("sudo apt-get install redis-server", reason, StringComparison.Ordinal);
        Assert.Contains("CI=true", reason, StringComparison.Ordinal);
        Assert.Null(missing.SkipReasonFor(missing.Problem, isCi: true));
        Assert.Throws<PeerMissingException>(missing.EnsureAvailable);
    }
}
