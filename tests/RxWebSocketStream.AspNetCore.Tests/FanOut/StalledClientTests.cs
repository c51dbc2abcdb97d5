using System.Net.WebSockets;

namespace RxWebSocketStream.AspNetCore.Tests.FanOut;

/// <summary>
/// Issue 15: one client stops reading while 100 others keep up, under each <see cref="SlowClientPolicy"/>.
/// The others get every message in order and nothing is dropped for them; the stalled client gets what its
/// policy promises, and every message it misses is counted. The broadcast is paced in batches that the 100
/// readers acknowledge, so only the stalled client can fall behind; its small socket buffers (see
/// <see cref="FanOutServer"/>) make it stall after a few dozen messages.
/// </summary>
public sealed class StalledClientTests
{
    private const int Others = 100;
    private const int Capacity = 16;
    private const int Batch = 8;
    private const int Batches = 30;
    private const int Pushed = Batch * Batches;
    private const int Size = 1024;

    [Theory]
    [InlineData(SlowClientPolicy.Close)]
    [InlineData(SlowClientPolicy.DropOldest)]
    [InlineData(SlowClientPolicy.DropNewest)]
    public async Task StalledClient_TheOthersGetEverythingInOrder_TheStalledOneGetsWhatItsPolicyPromises(SlowClientPolicy policy)
    {
        var options = new BroadcastGroupOptions
        {
            QueueCapacity = Capacity,
            SlowClient = policy,
            CloseStatus = (WebSocketCloseStatus)1013,
            CloseReason = "too slow, come back later",
        };
        await using var server = await FanOutServer.StartAsync(new Broadcaster(new() { DefaultGroup = options }));
        var group = server.Broadcaster.Group("feed");
        using var stalled = await server.ConnectAsync("stalled", "feed");
        var stalledOnServer = await server.Connection("stalled");
        var others = await Task.WhenAll(Enumerable.Range(0, Others).Select(i => server.ConnectAsync($"o{i}", "feed")));

        var batchDone = Enumerable.Range(0, Batches).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var batchReaders = new int[Batches];
        var readers = others.Select(ws => Task.Run(async () =>
        {
            var indexes = new List<int>();
            while (indexes.Count < Pushed)
            {
                var index = Numbered.IndexOf((await ws.ReceiveAsync()).Data);
                indexes.Add(index);
                if (index % Batch == Batch - 1 && Interlocked.Increment(ref batchReaders[index / Batch]) == Others)
                {
                    batchDone[index / Batch].SetResult();
                }
            }

            return indexes;
        })).ToArray();

        for (var b = 0; b < Batches; b++)
        {
            for (var i = b * Batch; i < (b + 1) * Batch; i++)
            {
                group.Send(Numbered.Binary(i, Size));
            }

            await batchDone[b].Task.Within();
        }

        foreach (var reader in readers)
        {
            Assert.Equal(Enumerable.Range(0, Pushed), await reader.Within());
        }

        foreach (var i in Enumerable.Range(0, Others))
        {
            Assert.Equal(0, server.Broadcaster.GetDroppedMessageCount(await server.Connection($"o{i}")));
        }

        // Only the stalled client lost anything, and each count agrees.
        var dropped = server.Broadcaster.GetDroppedMessageCount(stalledOnServer);
        Assert.True(dropped > 0, "The stalled client fell behind, yet nothing was dropped for it.");
        Assert.Equal(dropped, group.DroppedMessageCount);
        Assert.Equal(dropped, server.Broadcaster.DroppedMessageCount);

        // Now it reads again.
        if (policy == SlowClientPolicy.Close)
        {
            var received = await ReadUntilCloseAsync(stalled);
            Assert.Equal((1013, "too slow, come back later"), ((int?)stalled.CloseStatus, stalled.CloseStatusDescription));
            Assert.Equal(1, server.Broadcaster.SlowClientsClosedCount);
            Assert.False(group.Contains(stalledOnServer));

            // An unbroken run from the start up to the message that overflowed; that one and whatever was queued are the dropped ones.
            Assert.Equal(Enumerable.Range(0, received.Count), received);
            Assert.InRange(received.Count + dropped, Capacity + 1, Pushed);
            await stalled.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None).Within();
        }
        else
        {
            var received = new List<int>();
            while (received.Count < Pushed - dropped)
            {
                received.Add(Numbered.IndexOf((await stalled.ReceiveAsync()).Data));
            }

            Assert.Equal(received.Order().Distinct(), received);
            Assert.True(group.Contains(stalledOnServer));
            Assert.Equal(0, server.Broadcaster.SlowClientsClosedCount);
            if (policy == SlowClientPolicy.DropOldest)
            {
                Assert.Equal(Pushed - 1, received[^1]); // the newest is always kept
            }
            else
            {
                Assert.Equal(Enumerable.Range(0, Capacity), received.Take(Capacity)); // the oldest are always kept
                Assert.NotEqual(Pushed - 1, received[^1]);
            }
        }
    }

    private static async Task<List<int>> ReadUntilCloseAsync(ClientWebSocket ws)
    {
        var indexes = new List<int>();
        while (true)
        {
            var (type, data) = await ws.ReceiveAsync();
            if (type == WebSocketMessageType.Close)
            {
                return indexes;
            }

            indexes.Add(Numbered.IndexOf(data));
        }
    }
}
