using System.Reactive.Concurrency;
using RxWebSocketStream;
using StatusBar;

// A console stand-in for a chat window: `dotnet run --project samples/StatusBar`.
await using var server = EchoServer.Create();
await server.StartAsync();

// The "UI thread": one thread on which every view-model notification arrives, as a dispatcher would deliver them.
using var ui = new EventLoopScheduler(start => new Thread(start) { Name = "ui", IsBackground = true });

await using var session = ReconnectingConnection.Create(
    attempt => WebSocketConnection.Connect(EchoServer.ChatUrl(server), new WebSocketConnectionOptions { Cancellation = attempt.Cancellation }));
var viewModel = new ChatViewModel(session, ui);

var ended = new TaskCompletionSource();
var opened = new TaskCompletionSource();
var echoed = new TaskCompletionSource();
using var status = viewModel.Status.Subscribe(text => Console.WriteLine($"[status bar on {Thread.CurrentThread.Name}] {text}"), () => ended.TrySetResult());
using var canSend = viewModel.CanSend.Subscribe(enabled => { if (enabled) { opened.TrySetResult(); } });
using var messages = viewModel.Messages.Subscribe(text =>
{
    Console.WriteLine($"[message list] {text}");
    if (text == "world") { echoed.TrySetResult(); }
});

await opened.Task;
await viewModel.SendAsync("hello");
await viewModel.SendAsync("world");
await echoed.Task;

// The Disconnect button, pressed first with a code only the protocol may send, then with an application code.
if (!viewModel.TryDisconnect(1001, "bye", out var problem))
{
    Console.WriteLine($"[dialog] {problem}");
}

viewModel.TryDisconnect(4000, "user signed out", out _);
await ended.Task;
