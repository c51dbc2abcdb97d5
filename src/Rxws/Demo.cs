using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Rxws;

/// <summary>
/// The demo <c>rxws</c> runs with no arguments: an echo server on a free port of 127.0.0.1, a client that
/// sends a few text and binary messages, a validated close with 1000 and a reason, and the close info
/// as each end saw it. Every event is printed with the time since start.
/// </summary>
internal static class Demo
{
    private static readonly (WebSocketMessageType Type, byte[] Payload)[] Messages =
    [
        (WebSocketMessageType.Text, Encoding.UTF8.GetBytes("hello")),
        (WebSocketMessageType.Binary, [0xCA, 0xFE, 0xBA, 0xBE]),
        (WebSocketMessageType.Text, Encoding.UTF8.GetBytes("héllo, wörld")),
    ];

    public static async Task<int> RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        // The demo measures elapsed time for display only; nothing is scheduled on it.
        var clock = Stopwatch.StartNew();
        void Print(string who, string what) => output.WriteLine($"{clock.Elapsed.TotalMilliseconds,8:0.0} ms  {who,-6} {what}");

        var serverClosed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = BuildEchoServer(serverClosed);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var url = new Uri(app.Urls.First().Replace("http://", "ws://", StringComparison.Ordinal) + "/echo");
        Print("server", $"listening on {url}");

        using var client = new ClientWebSocket();
        await client.ConnectAsync(url, cancellationToken).ConfigureAwait(false);
        Print("client", "open");

        var buffer = new byte[4096];
        foreach (var (type, payload) in Messages)
        {
            await client.SendAsync(payload, type, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            Print("client", $"sent {Describe(type, payload)}");
            var received = await client.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            Print("client", $"received {Describe(received.MessageType, buffer.AsSpan(0, received.Count).ToArray())}");
        }

        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, "demo done", cancellationToken).ConfigureAwait(false);
        Print("client", $"closed: code {(int?)client.CloseStatus}, reason '{client.CloseStatusDescription}'");
        Print("server", await serverClosed.Task.ConfigureAwait(false));

        await app.StopAsync(cancellationToken).ConfigureAwait(false);
        return 0;
    }

    private static WebApplication BuildEchoServer(TaskCompletionSource<string> closed)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.UseWebSockets();
        app.Map("/echo", async context =>
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
            var buffer = new byte[4096];
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, context.RequestAborted).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    // Answer the client's close with its own code and reason, as the library will.
                    await socket.CloseOutputAsync(result.CloseStatus!.Value, result.CloseStatusDescription, context.RequestAborted).ConfigureAwait(false);
                    closed.TrySetResult($"closed: code {(int)result.CloseStatus.Value}, reason '{result.CloseStatusDescription}'");
                    return;
                }

                await socket.SendAsync(buffer.AsMemory(0, result.Count), result.MessageType, result.EndOfMessage, context.RequestAborted).ConfigureAwait(false);
            }
        });
        return app;
    }

    private static string Describe(WebSocketMessageType type, byte[] payload) => type == WebSocketMessageType.Text
        ? $"text '{Encoding.UTF8.GetString(payload)}'"
        : $"binary [{Convert.ToHexString(payload)}]";
}
