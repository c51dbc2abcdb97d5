using System.Reactive.Linq;
using RxWebSocketStream.AspNetCore;
using RxWebSocketStream.Redis.Internal;
using RxWebSocketStream.Redis.Tests.Fixture;
using StackExchange.Redis;

namespace RxWebSocketStream.Redis.Tests;

/// <summary>
/// The backplane on its own against a real redis-server: several nodes (each its own RedisBackplane with its own
/// connection) on one channel, with the delivery contract of <see cref="IBroadcastBackplane"/> checked message by message.
/// </summary>
public sealed class RedisBackplaneTests
{
    [RedisFact]
    public async Task Each_node_receives_the_others_broadcasts_once_in_each_publishers_order_and_never_its_own()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await ConnectAsync(redis);
        await using var b = await ConnectAsync(redis);
        await using var c = await ConnectAsync(redis);
        var atA = Record(a);
        var atB = Record(b);
        var atC = Record(c);
        const int Count = 300;

        // A and B publish at the same time, from two threads.
        await Task.WhenAll(
            Task.Run(() => PublishNumbered(a, "a", Count)),
            Task.Run(() => PublishNumbered(b, "b", Count)));
        await atC.ArrivedAsync($"a{Count}");
        await atC.ArrivedAsync($"b{Count}");

        // C's marker is published after C saw everything from A and B, so Redis handled every PUBLISH of A and B
        // before it: an echo of A's own messages would reach A before the marker.
        c.Publish(new BackplaneMessage(null, Message.FromText("end")));
        await atA.ArrivedAsync("end");
        await atB.ArrivedAsync("end");

        Assert.Equal(Numbered("b", Count).Append("end"), atA.Texts);
        Assert.Equal(Numbered("a", Count).Append("end"), atB.Texts);
        Assert.Equal(Numbered("a", Count), atC.Texts.Where(static t => t[0] == 'a'));
        Assert.Equal(Numbered("b", Count), atC.Texts.Where(static t => t[0] == 'b'));
        Assert.Equal(2 * Count, atC.Texts.Count);
        Assert.All(new[] { a, b, c }, static node => Assert.Equal((0, 0, 0), (node.LostMessageCount, node.MissedMessageCount, node.IgnoredMessageCount)));
    }

    [RedisFact]
    public async Task A_message_crosses_with_its_group_type_and_bytes()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await ConnectAsync(redis);
        await using var b = await ConnectAsync(redis);
        var received = new List<BackplaneMessage>();
        var last = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = b.Received.Subscribe(m =>
        {
            received.Add(m);
            if (m.Group == "done")
            {
                last.TrySetResult();
            }
        });
        BackplaneMessage[] sent =
        [
            new(null, Message.FromUtf8Text("für alle 🎉"u8.ToArray())),
            new("prices", Message.FromBinary(new byte[] { 0, 1, 2, 255 })),
            new("prix €", Message.FromUtf8Text(ReadOnlyMemory<byte>.Empty)),
            new(string.Empty, Message.FromBinary(Array.Empty<byte>())),
            new("big", Message.FromBinary(Enumerable.Range(0, 100_000).Select(static i => (byte)i).ToArray())),
            new("done", Message.FromText("x")),
        ];

        foreach (var message in sent)
        {
            a.Publish(message);
        }

        await last.Task.Within();
        Assert.Equal(sent.Select(static m => (m.Group, m.Message.Type, Convert.ToHexString(m.Message.Data.Span))), received.Select(static m => (m.Group, m.Message.Type, Convert.ToHexString(m.Message.Data.Span))));
    }

    [RedisFact]
    public async Task Each_broadcast_message_is_one_PUBLISH_whatever_the_number_of_receiving_nodes()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await ConnectAsync(redis);
        await using var b = await ConnectAsync(redis);
        await using var c = await ConnectAsync(redis);
        var atC = Record(c);
        await redis.ResetStatisticsAsync(); // the nodes are live: their probes are done

        PublishNumbered(a, "a", 50);
        await atC.ArrivedAsync("a50");

        Assert.Equal(50, a.PublishedMessageCount);
        Assert.Equal(50, await redis.PublishCountAsync());
    }

    [RedisFact]
    public async Task A_gap_in_a_publishers_sequence_is_counted_as_missed_and_a_repeat_or_a_stranger_is_ignored()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await ConnectAsync(redis);
        var atA = Record(a);
        var publisher = Guid.NewGuid();
        byte[] Numbered(long sequence) => Envelope.Broadcast(publisher, sequence, new BackplaneMessage(null, Message.FromText($"m{sequence}")));

        // Published straight to Redis, as another node would: 1, 2, then 6 (3 to 5 never arrive), 6 again, then
        // bytes that are not an envelope, then 7.
        foreach (var payload in new[] { Numbered(1), Numbered(2), Numbered(6), Numbered(6), "hello"u8.ToArray(), Numbered(7) })
        {
            Assert.Equal(1, await redis.PublishRawAsync(RedisBackplaneOptions.DefaultChannel, payload));
        }

        await atA.ArrivedAsync("m7");
        Assert.Equal(["m1", "m2", "m6", "m7"], atA.Texts);
        Assert.Equal(3, a.MissedMessageCount);
        Assert.Equal(2, a.IgnoredMessageCount);
    }

    [RedisFact]
    public async Task Nodes_on_different_channels_do_not_hear_each_other()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await ConnectAsync(redis, new RedisBackplaneOptions { Channel = "app-1", ProbeInterval = TimeSpan.FromMilliseconds(100) });
        await using var a2 = await ConnectAsync(redis, new RedisBackplaneOptions { Channel = "app-1", ProbeInterval = TimeSpan.FromMilliseconds(100) });
        await using var b = await ConnectAsync(redis, new RedisBackplaneOptions { Channel = "app-2", ProbeInterval = TimeSpan.FromMilliseconds(100) });
        await using var b2 = await ConnectAsync(redis, new RedisBackplaneOptions { Channel = "app-2", ProbeInterval = TimeSpan.FromMilliseconds(100) });
        var atA2 = Record(a2);
        var atB2 = Record(b2);

        a.Publish(new BackplaneMessage(null, Message.FromText("for app 1")));
        await atA2.ArrivedAsync("for app 1");

        // Redis handled A's PUBLISH before B's: had it been on B2's channel, B2 would get it first.
        b.Publish(new BackplaneMessage(null, Message.FromText("for app 2")));
        await atB2.ArrivedAsync("for app 2");

        Assert.Equal(["for app 1"], atA2.Texts);
        Assert.Equal(["for app 2"], atB2.Texts);
        Assert.Equal(0, b2.IgnoredMessageCount);
    }

    [Fact]
    public async Task Connecting_to_a_port_where_no_Redis_listens_fails_with_the_address()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var e = await Assert.ThrowsAsync<RedisConnectionException>(() => RedisBackplane.ConnectAsync($"127.0.0.1:{port},connectTimeout=500,connectRetry=1")).Within();

        Assert.True(e.Message.Contains($"127.0.0.1:{port}", StringComparison.Ordinal), e.ToString());
    }

    [Fact]
    public void Options_name_the_bad_value()
    {
        Assert.Equal("Channel", Assert.Throws<ArgumentException>(() => new RedisBackplaneOptions { Channel = "" }).ParamName);
        var interval = Assert.Throws<ArgumentOutOfRangeException>(() => new RedisBackplaneOptions { ProbeInterval = TimeSpan.Zero });
        Assert.Equal("ProbeInterval", interval.ParamName);
        Assert.Contains("00:00:00", interval.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => new RedisBackplaneOptions { Scheduler = null! });
        Assert.Equal(("RxWebSocketStream.Broadcast", TimeSpan.FromSeconds(1)), (new RedisBackplaneOptions().Channel, new RedisBackplaneOptions().ProbeInterval));
    }

    private static Task<RedisBackplane> ConnectAsync(RedisServer redis, RedisBackplaneOptions? options = null) =>
        BackplaneNode.ConnectBackplaneAsync(redis, options);

    private static ReceivedTexts Record(RedisBackplane node)
    {
        var texts = new ReceivedTexts();
        node.Received.Select(static m => m.Message).Subscribe(texts);
        return texts;
    }

    private static void PublishNumbered(RedisBackplane node, string prefix, int count)
    {
        foreach (var text in Numbered(prefix, count))
        {
            node.Publish(new BackplaneMessage(null, Message.FromText(text)));
        }
    }

    private static IEnumerable<string> Numbered(string prefix, int count) => Enumerable.Range(1, count).Select(i => $"{prefix}{i}");
}
