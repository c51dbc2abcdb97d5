using System.Reactive.Concurrency;
using RxWebSocketStream;
using StatusBar;

namespace RxWebSocketStream.Samples.Tests;

/// samples/StatusBar against a real Kestrel on 127.0.0.1, with an EventLoopScheduler as the UI thread.
public sealed class StatusBarSmokeTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_view_model_talks_to_the_echo_server_on_the_ui_thread_and_disconnects_with_the_users_code()
    {
        await using var server = EchoServer.Create();
        await server.StartAsync();
        using var ui = new EventLoopScheduler(start => new Thread(start) { Name = "ui", IsBackground = true });
        await using var session = ReconnectingConnection.Create(
            attempt => WebSocketConnection.Connect(EchoServer.ChatUrl(server), new WebSocketConnectionOptions { Cancellation = attempt.Cancellation }));
        var viewModel = new ChatViewModel(session, ui);

        var threads = new System.Collections.Concurrent.ConcurrentBag<string?>();
        var statuses = new List<string>();   // only the ui thread writes it
        var ended = new TaskCompletionSource();
        var opened = new TaskCompletionSource();
        var echoed = new TaskCompletionSource();
        using var status = viewModel.Status.Subscribe(
            text => { threads.Add(Thread.CurrentThread.Name); statuses.Add(text); },
            () => ended.TrySetResult());
        using var canSend = viewModel.CanSend.Subscribe(enabled => { threads.Add(Thread.CurrentThread.Name); if (enabled) { opened.TrySetResult(); } });
        using var messages = viewModel.Messages.Subscribe(text => { threads.Add(Thread.CurrentThread.Name); if (text == "world") { echoed.TrySetResult(); } });

        await opened.Task.WaitAsync(Guard);
        await viewModel.SendAsync("hello");
        await viewModel.SendAsync("world");
        await echoed.Task.WaitAsync(Guard);

        Assert.False(viewModel.TryDisconnect(1001, "bye", out var problem));
        Assert.Contains("1001", problem, StringComparison.Ordinal);
        Assert.True(viewModel.TryDisconnect(4000, "user signed out", out _));
        await ended.Task.WaitAsync(Guard);

        Assert.Equal(["Connecting...", "Connected", "Disconnecting...", "Disconnected (4000 user signed out)"], statuses);
        Assert.All(threads, name => Assert.Equal("ui", name));
        await Assert.ThrowsAnyAsync<Exception>(() => viewModel.SendAsync("too late"));
    }
}
