using System.Net.WebSockets;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using System.Text;

namespace RxWebSocketStream.AspNetCore.Tests.FanOut;

/// <summary>
/// Issue 15, "Fan-out on one server": a <see cref="Broadcaster"/> behind a real Kestrel with real client
/// connections. See docs/fanout.md.
/// </summary>
public sealed class BroadcasterTests
{
    [Fact]
    public async Task Broadcast_EachClientGetsEveryMessageInOrder_TextEncodedOnceAndPublishedOncePerMessage()
    {
        const int Clients = 5;
        const int Messages = 300;
        var backplane = new RecordingBackplane();
        await using var server = await FanOutServer.StartAsync(new Broadcaster(new() { Backplane = backplane }));
        var clients = await Task.WhenAll(Enumerable.Range(0, Clients).Select(i => server.ConnectAsync($"c{i}", "news")));
        var readers = clients.Select(ReadTextsAsync).ToArray();

        using (server.Broadcaster.Group("news").Broadcast(Enumerable.Range(0, Messages).Select(i => Message.FromText($"m{i}")).ToObservable()))
        {
            // A broadcast made on another node arrives through the backplane and reaches the local members.
            backplane.FromOtherNodes.OnNext(new BackplaneMessage("news", Message.FromUtf8Text("remote"u8.ToArray())));
        }

        var expected = Enumerable.Range(0, Messages).Select(i => $"m{i}").Append("remote").ToList();
        foreach (var reader in readers)
        {
            Assert.Equal(expected, await reader.Within());
        }

        // Once per message, not once per client; each already UTF-8, so no node or member encodes it again.
        Assert.Equal(Messages, backplane.Published.Count);
        Assert.All(backplane.Published, p =>
        {
            Assert.Equal("news", p.Group);
            Assert.True(p.Message.IsText);
            Assert.Same(ArrayOf(p.Message.Data), ArrayOf(p.Message.Data));
        });
        Assert.Equal(0, server.Broadcaster.DroppedMessageCount);

        async Task<List<string>> ReadTextsAsync(ClientWebSocket ws)
        {
            var texts = new List<string>();
            while (texts.Count < Messages + 1)
            {
                texts.Add(await ws.ReceiveTextAsync());
            }

            return texts;
        }
    }

    [Fact]
    public async Task Leave_LaterBroadcastsToTheGroupSkipTheConnection_WhichStaysInAll()
    {
        await using var server = await FanOutServer.StartAsync(new Broadcaster());
        using var ws = await server.ConnectAsync("a", "g");
        var connection = await server.Connection("a");
        var group = server.Broadcaster.Group("g");

        Assert.True(group.Leave(connection));
        Assert.False(group.Leave(connection));
        group.Send(Message.FromText("to the group"));
        server.Broadcaster.All.Send(Message.FromText("to all"));

        Assert.Equal("to all", await ws.ReceiveTextAsync());
        Assert.False(group.Contains(connection));
        Assert.True(server.Broadcaster.All.Contains(connection));
    }

    [Fact]
    public async Task TypedBroadcast_EachValueIsSerializedOnceAsJsonText_AndAnUnserializableValueEndsOnlyTheBroadcast()
    {
        var backplane = new RecordingBackplane();
        await using var server = await FanOutServer.StartAsync(new Broadcaster(new() { Backplane = backplane }));
        var clients = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => server.ConnectAsync($"c{i}", "prices")));
        using var values = new Subject<Price>();
        using var broadcast = server.Broadcaster.Group("prices").Broadcast(values, FanOutJson.Default.Price);

        values.OnNext(new Price("A", 1.5));
        values.OnNext(new Price("B", 2));
        values.OnNext(new Price("C", double.NaN)); // System.Text.Json refuses NaN by default: the broadcast ends here
        values.OnNext(new Price("D", 4));          // not sent: the broadcast has ended
        server.Broadcaster.Group("prices").Send(Message.FromText("still connected"));

        foreach (var ws in clients)
        {
            Assert.Equal("""{"Symbol":"A","Value":1.5}""", await ws.ReceiveTextAsync());
            Assert.Equal("""{"Symbol":"B","Value":2}""", await ws.ReceiveTextAsync());
            Assert.Equal("still connected", await ws.ReceiveTextAsync());
        }

        // Serialized once per value, not once per client: the backplane got each value once, as text.
        Assert.Equal(["""{"Symbol":"A","Value":1.5}""", """{"Symbol":"B","Value":2}""", "still connected"], backplane.Published.Select(p => p.Message.Text));
        Assert.False(values.HasObservers);
    }

    [Fact]
    public async Task ClientDisconnectsMidBroadcast_ItLeavesEveryGroupAndTheOthersGetEverything()
    {
        const int Messages = 400;
        await using var server = await FanOutServer.StartAsync(new Broadcaster());
        var group = server.Broadcaster.Group("g");
        using var quitter = await server.ConnectAsync("quitter", "g");
        var stayers = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => server.ConnectAsync($"s{i}", "g")));
        var quitterOnServer = await server.Connection("quitter");
        var readers = stayers.Select(ws => Numbered.ReadUntilAsync(ws, Messages - 1)).ToArray();

        var firstHalfRead = Task.Run(async () =>
        {
            await Numbered.ReadUntilAsync(quitter, Messages / 2);
            quitter.Abort(); // gone mid-broadcast, without a close frame
        });
        using var source = new Subject<Message>();
        using var broadcast = group.Broadcast(source);
        for (var i = 0; i < Messages; i++)
        {
            source.OnNext(Numbered.Binary(i, 64));
            if (i == Messages / 2)
            {
                await firstHalfRead.Within();
            }
        }

        await Assert.ThrowsAnyAsync<Exception>(() => quitterOnServer.Closed.Within());
        Assert.False(group.Contains(quitterOnServer));
        Assert.False(server.Broadcaster.All.Contains(quitterOnServer));
        Assert.Equal(3, group.Count);
        foreach (var reader in readers)
        {
            Assert.Equal(Enumerable.Range(0, Messages), await reader.Within());
        }

        // Whatever was queued for the quitter when it went is counted against it alone (still being counted
        // here, perhaps: its last failing send may end after Closed).
        foreach (var i in Enumerable.Range(0, 3))
        {
            Assert.Equal(0, server.Broadcaster.GetDroppedMessageCount(await server.Connection($"s{i}")));
        }
    }

    [Fact]
    public void Options_InvalidValuesThrowNamingTheValueAndTheRule_DefaultsAreDocumented()
    {
        var defaults = new BroadcastGroupOptions();
        Assert.Equal((1024, SlowClientPolicy.Close, WebSocketCloseStatus.PolicyViolation, "slow consumer"), (defaults.QueueCapacity, defaults.SlowClient, defaults.CloseStatus, defaults.CloseReason));

        Assert.Contains("0; it must be at least 1", Assert.Throws<ArgumentOutOfRangeException>(() => new BroadcastGroupOptions { QueueCapacity = 0 }).Message, StringComparison.Ordinal);
        Assert.Contains("1011; it must be 1008 (policy violation) or 1013", Assert.Throws<ArgumentOutOfRangeException>(() => new BroadcastGroupOptions { CloseStatus = WebSocketCloseStatus.InternalServerError }).Message, StringComparison.Ordinal);
        Assert.Contains("124 UTF-8 bytes", Assert.Throws<ArgumentException>(() => new BroadcastGroupOptions { CloseReason = new string('x', 124) }).Message, StringComparison.Ordinal);
        Assert.Equal(1013, (int)new BroadcastGroupOptions { CloseStatus = (WebSocketCloseStatus)1013 }.CloseStatus);

        using var broadcaster = new Broadcaster();
        Assert.Throws<ArgumentException>(() => broadcaster.Group(""));
        var custom = new BroadcastGroupOptions { SlowClient = SlowClientPolicy.DropOldest };
        Assert.Same(broadcaster.Group("g", custom), broadcaster.Group("g"));
        Assert.Contains("\"g\" already exists with other options", Assert.Throws<ArgumentException>(() => broadcaster.Group("g", new BroadcastGroupOptions())).Message, StringComparison.Ordinal);
    }

    private static byte[] ArrayOf(ReadOnlyMemory<byte> data) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(data, out var segment) ? segment.Array! : throw new InvalidOperationException("not an array");

    /// <summary>A backplane that records what the broadcaster publishes and lets the test play the other nodes.</summary>
    private sealed class RecordingBackplane : IBroadcastBackplane
    {
        public List<BackplaneMessage> Published { get; } = [];

        public Subject<BackplaneMessage> FromOtherNodes { get; } = new();

        public IObservable<BackplaneMessage> Received => FromOtherNodes;

        public long LostMessageCount => 0;

        public void Publish(BackplaneMessage message)
        {
            lock (Published)
            {
                Published.Add(message);
            }
        }
    }
}

public sealed record Price(string Symbol, double Value);

[System.Text.Json.Serialization.JsonSerializable(typeof(Price))]
internal sealed partial class FanOutJson : System.Text.Json.Serialization.JsonSerializerContext;
