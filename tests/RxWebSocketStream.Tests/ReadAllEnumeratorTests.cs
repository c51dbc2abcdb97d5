using RxWebSocketStream.Tests.Server;

namespace RxWebSocketStream.Tests;

/// <summary>
/// The enumerator <see cref="WebSocketConnection.ReadAllAsync"/> returns is written by hand (for speed), so
/// these pin what an <c>async</c> iterator would give for free: nothing before the first
/// <c>MoveNextAsync</c>, both cancellation tokens honoured, a cancelled or disposed reader never comes back.
/// </summary>
public sealed class ReadAllEnumeratorTests(TestServer server) : IClassFixture<TestServer>
{
    [Fact]
    public async Task ReadAllAsync_TokenOfReadAllAsyncCancelled_MoveNextThrowsAndTheLastReaderLeavingCloses()
    {
        var log = server.Log(NewId(out var id));
        await using var ws = WebSocketConnection.Connect(server.Url("echo", id));
        using var cts = new CancellationTokenSource();
        var reader = ws.ReadAllAsync(cts.Token).GetAsyncEnumerator();

        var next = reader.MoveNextAsync().AsTask();
        await ws.Opened.Within();
        Assert.False(next.IsCompleted);
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next.Within());
        Assert.Equal((1000, ""), await log.CloseReceived.Within());
        Assert.Equal(1000, (await ws.Closed.Within()).Code);
        Assert.False(await reader.MoveNextAsync());
    }

    [Fact]
    public async Task ReadAllAsync_TokenOfGetAsyncEnumeratorCancelled_MoveNextThrows()
    {
        await using var ws = WebSocketConnection.Connect(server.Url("echo", NewId(out _)));
        using var other = new CancellationTokenSource();
        using var cts = new CancellationTokenSource();
        var reader = ws.ReadAllAsync(other.Token).GetAsyncEnumerator(cts.Token);

        var next = reader.MoveNextAsync().AsTask();
        await ws.Opened.Within();
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next.Within());
        await ws.Closed.Within();
    }

    [Fact]
    public async Task ReadAllAsync_CancelledWhileAnotherSubscriberStays_OthersKeepReceivingAndTheReaderNeverReturns()
    {
        await using var ws = WebSocketConnection.Connect(server.Url("echo", NewId(out _)));
        var recorder = new Recorder();
        using var subscription = ws.Subscribe(recorder);
        using var cts = new CancellationTokenSource();
        var reader = ws.ReadAllAsync().GetAsyncEnumerator(cts.Token);
        var next = reader.MoveNextAsync().AsTask();
        await ws.Opened.Within();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next.Within());

        await ws.SendAsync(Message.FromText("after"));
        await recorder.WaitForMessagesAsync(1).Within();

        Assert.Equal(["after"], recorder.Texts);
        Assert.False(ws.Closed.IsCompleted);
        Assert.False(await reader.MoveNextAsync());
    }

    [Fact]
    public async Task ReadAllAsync_BeforeTheFirstMoveNext_NothingSubscribesSoDisposingDoesNotClose()
    {
        await using var ws = WebSocketConnection.Connect(server.Url("echo", NewId(out _)));
        var recorder = new Recorder();
        var reader = ws.ReadAllAsync().GetAsyncEnumerator();
        await ws.Opened.Within();

        await reader.DisposeAsync();
        using var subscription = ws.Subscribe(recorder);
        await ws.SendAsync(Message.FromText("still open"));
        await recorder.WaitForMessagesAsync(1).Within();

        Assert.Equal(["still open"], recorder.Texts);
        Assert.False(await reader.MoveNextAsync());
    }

    [Fact]
    public async Task ReadAllAsync_TwoEnumerationsOfOneEnumerable_AreIndependentReaders()
    {
        await using var ws = WebSocketConnection.Connect(server.Url("echo", NewId(out _)));
        var messages = ws.ReadAllAsync();
        await using var first = messages.GetAsyncEnumerator();
        await using var second = messages.GetAsyncEnumerator();
        var firstNext = first.MoveNextAsync().AsTask();
        var secondNext = second.MoveNextAsync().AsTask();

        await ws.SendAsync(Message.FromText("both"));

        Assert.True(await firstNext.Within());
        Assert.True(await secondNext.Within());
        Assert.Equal("both", first.Current.Text);
        Assert.Equal("both", second.Current.Text);
    }

    private static string NewId(out string id) => id = Guid.NewGuid().ToString("N");
}
