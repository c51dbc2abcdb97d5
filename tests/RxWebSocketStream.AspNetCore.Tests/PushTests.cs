using System.Net.WebSockets;
using System.Reactive.Linq;
using System.Reactive.Subjects;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace RxWebSocketStream.AspNetCore.Tests;

/// <summary>MapWebSocketConnection with a handler that returns a feed (docs/server.md, "Pushing a feed"), against a real Kestrel.</summary>
public sealed class PushTests
{
    [Fact]
    public async Task PushObservable_FeedCompletes_ClientGetsEveryMessageInOrderThen1000()
    {
        await using var server = await KestrelServer.StartAsync(app => app.MapWebSocketConnection(
            "/feed",
            (WebSocketConnection _) => Observable.Range(1, 50).Select(i => Message.FromText($"tick {i}"))));
        using var ws = await Clients.ConnectAsync(server.Ws("feed"));

        for (var i = 1; i <= 50; i++)
        {
            Assert.Equal($"tick {i}", await ws.ReceiveTextAsync());
        }

        var (code, reason) = await ws.ReceiveCloseAsync();
        Assert.Equal(1000, code);
        Assert.Equal(string.Empty, reason);
    }

    [Fact]
    public async Task PushAsyncEnumerable_WithRequest_ClientGetsEveryMessageInOrderThen1000()
    {
        await using var server = await KestrelServer.StartAsync(app => app.MapWebSocketConnection(
            "/feed",
            (WebSocketConnection _, HttpContext http) => Count(int.Parse(http.Request.Query["count"]!, System.Globalization.CultureInfo.InvariantCulture))));
        using var ws = await Clients.ConnectAsync(new Uri(server.Ws("feed") + "?count=30"));

        for (var i = 1; i <= 30; i++)
        {
            Assert.Equal($"item {i}", await ws.ReceiveTextAsync());
        }

        Assert.Equal(1000, (await ws.ReceiveCloseAsync()).Code);

        static async IAsyncEnumerable<Message> Count(int count)
        {
            for (var i = 1; i <= count; i++)
            {
                await Task.Yield();
                yield return Message.FromText($"item {i}");
            }
        }
    }

    [Fact]
    public async Task PushObservable_FeedFails_ClientGetsWhatCameBeforeThen1011AndTheErrorIsLogged()
    {
        var logs = new LogCapture();
        var failure = new InvalidOperationException("the feed broke");
        await using var server = await KestrelServer.StartAsync(
            app => app.MapWebSocketConnection(
                "/feed",
                (WebSocketConnection _) => Observable.Range(1, 2).Select(i => Message.FromText($"tick {i}")).Concat(Observable.Throw<Message>(failure))),
            logs);
        using var ws = await Clients.ConnectAsync(server.Ws("feed"));

        Assert.Equal("tick 1", await ws.ReceiveTextAsync());
        Assert.Equal("tick 2", await ws.ReceiveTextAsync());
        var (code, reason) = await ws.ReceiveCloseAsync();

        Assert.Equal(1011, code);
        Assert.Equal(string.Empty, reason); // the exception stays on the server
        AssertFeedFailureLogged(logs, failure, "/feed");
    }

    [Fact]
    public async Task PushAsyncEnumerable_StreamThrows_ClientGetsWhatCameBeforeThen1011AndTheErrorIsLogged()
    {
        var logs = new LogCapture();
        var failure = new InvalidOperationException("the stream broke");
        await using var server = await KestrelServer.StartAsync(
            app => app.MapWebSocketConnection("/stream", (WebSocketConnection _) => Broken(failure)),
            logs);
        using var ws = await Clients.ConnectAsync(server.Ws("stream"));

        Assert.Equal("first", await ws.ReceiveTextAsync());
        var (code, reason) = await ws.ReceiveCloseAsync();

        Assert.Equal(1011, code);
        Assert.Equal(string.Empty, reason);
        AssertFeedFailureLogged(logs, failure, "/stream");

        static async IAsyncEnumerable<Message> Broken(Exception failure)
        {
            yield return Message.FromText("first");
            await Task.Yield();
            throw failure;
        }
    }

    [Fact]
    public async Task PushObservable_ClientClosesMidFeed_SubscriptionIsDisposed()
    {
        var ticks = new Subject<Message>();
        var subscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var disposed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await KestrelServer.StartAsync(app => app.MapWebSocketConnection(
            "/feed",
            (WebSocketConnection _) => ticks.Finally(disposed.SetResult).SignalWhenSubscribed(subscribed)));
        using var ws = await Clients.ConnectAsync(server.Ws("feed"));
        await subscribed.Task.Within();

        ticks.OnNext(Message.FromText("a"));
        Assert.Equal("a", await ws.ReceiveTextAsync());
        Assert.False(disposed.Task.IsCompleted);
        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None).Within();

        await disposed.Task.Within();
        Assert.False(ticks.HasObservers);
    }

    [Fact]
    public async Task PushAsyncEnumerable_ClientClosesMidFeed_StreamIsCancelledAndDisposed()
    {
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stoppedCancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await KestrelServer.StartAsync(app => app.MapWebSocketConnection(
            "/stream",
            (WebSocketConnection _) => Endless(waiting, stoppedCancelled)));
        using var ws = await Clients.ConnectAsync(server.Ws("stream"));

        Assert.Equal("a", await ws.ReceiveTextAsync());
        await waiting.Task.Within();
        Assert.False(stoppedCancelled.Task.IsCompleted);
        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None).Within();

        // The iterator's finally ran, and the token it was given had been cancelled.
        Assert.True(await stoppedCancelled.Task.Within());

        static async IAsyncEnumerable<Message> Endless(TaskCompletionSource waiting, TaskCompletionSource<bool> stopped, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            try
            {
                yield return Message.FromText("a");
                waiting.SetResult();
                await new TaskCompletionSource().Task.WaitAsync(cancellationToken);
                yield return Message.FromText("never");
            }
            finally
            {
                stopped.SetResult(cancellationToken.IsCancellationRequested);
            }
        }
    }

    [Fact]
    public async Task PushObservable_HandlerReadsTheClientWhilePushing_BothWays()
    {
        var ticks = new Subject<Message>();
        var subscribed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await KestrelServer.StartAsync(app => app.MapWebSocketConnection(
            "/chat",
            (WebSocketConnection conn) =>
            {
                // The feed: the server's ticks, merged with an answer to each of the client's messages.
                var answers = conn.Select(m => Message.FromText($"echo: {m.Text}"));
                return ticks.Merge(answers).SignalWhenSubscribed(subscribed);
            }));
        using var ws = await Clients.ConnectAsync(server.Ws("chat"));
        await subscribed.Task.Within();

        ticks.OnNext(Message.FromText("tick 1"));
        Assert.Equal("tick 1", await ws.ReceiveTextAsync());
        await ws.SendTextAsync("hello");
        Assert.Equal("echo: hello", await ws.ReceiveTextAsync());
        ticks.OnNext(Message.FromText("tick 2"));
        Assert.Equal("tick 2", await ws.ReceiveTextAsync());
        await ws.SendTextAsync("again");
        Assert.Equal("echo: again", await ws.ReceiveTextAsync());

        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None).Within();
        Assert.Equal(WebSocketCloseStatus.NormalClosure, ws.CloseStatus);
    }

    private static void AssertFeedFailureLogged(LogCapture logs, Exception failure, string path)
    {
        var entry = Assert.Single(logs.Entries, e => e.Category == "RxWebSocketStream.AspNetCore" && e.Level == LogLevel.Error);
        Assert.Same(failure, entry.Exception);
        Assert.Contains(path, entry.Message, StringComparison.Ordinal);
        Assert.Contains("1011", entry.Message, StringComparison.Ordinal);
    }
}

/// <summary>Lets a test wait until the server's pump has subscribed to a hot feed, before it pushes into it.</summary>
internal static class FeedSignals
{
    public static IObservable<T> SignalWhenSubscribed<T>(this IObservable<T> source, TaskCompletionSource subscribed) =>
        Observable.Create<T>(observer =>
        {
            var subscription = source.Subscribe(observer);
            subscribed.TrySetResult();
            return subscription;
        });
}
