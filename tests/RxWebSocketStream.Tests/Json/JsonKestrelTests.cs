using RxWebSocketStream.Tests.Server;

namespace RxWebSocketStream.Tests.Json;

/// <summary>Typed messages over a real socket: a Kestrel echo endpoint on 127.0.0.1.</summary>
public sealed class JsonKestrelTests(TestServer server) : IClassFixture<TestServer>
{
    private static readonly Tick[] Ticks = [new("AB", 1.5m), new("tické€", 0.000001m), new("CD", -20m)];

    [Theory]
    [InlineData(MessageType.Text)]
    [InlineData(MessageType.Binary)]
    public async Task SendAsyncAndReadAllAsync_RoundTripThroughTheEchoServer(MessageType type)
    {
        var id = Guid.NewGuid().ToString("N");
        var log = server.Log(id);
        await using var ws = WebSocketConnection.Connect(server.Url("echo", id));
        var ticks = ws.AsJson(TestJson.Default.Tick, new() { MessageType = type });
        await using var reader = ticks.ReadAllAsync().GetAsyncEnumerator();
        var first = reader.MoveNextAsync().AsTask();

        foreach (var tick in Ticks)
        {
            await ticks.SendAsync(tick).Within();
        }

        Assert.True(await first.Within());
        var echoed = new List<Tick> { reader.Current };
        while (echoed.Count < Ticks.Length && await reader.MoveNextAsync().AsTask().Within())
        {
            echoed.Add(reader.Current);
        }

        Assert.Equal(Ticks, echoed);

        // On the wire: the JSON, in the chosen frame.
        await log.WaitForMessagesAsync(Ticks.Length).Within();
        Assert.Equal(Ticks.Select(t => Message.FromJson(t, TestJson.Default.Tick, type)), log.Received);
    }

    [Fact]
    public async Task Subscribe_EchoedGarbage_FailsTheTypedSequenceWithIt_AfterTheGoodValues()
    {
        await using var ws = WebSocketConnection.Connect(server.Url("echo", Guid.NewGuid().ToString("N")));
        var ticks = ws.AsJson(TestJson.Default.Tick);
        var received = new List<Tick>();
        var failed = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = ticks.Subscribe(received.Add, e => failed.TrySetResult(e));

        await ticks.SendAsync(Ticks[0]).Within();
        await ws.SendAsync(Message.FromText("""{"Symbol":"AB","Price":""")).Within();

        var error = Assert.IsType<UndecodableMessageException>(await failed.Task.Within());
        Assert.Equal([Ticks[0]], received);
        Assert.Equal(Message.FromText("""{"Symbol":"AB","Price":"""), error.UndecodableMessage);

        // The typed subscription was the last: leaving it closed the connection cleanly.
        Assert.Equal(1000, (await ws.Closed.Within()).Code);
    }
}
