using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Rxws.Hosting;
using Rxws.Output;
using RxWebSocketStream;
using RxWebSocketStream.AspNetCore;

namespace Rxws.Commands;

/// <summary>
/// <c>rxws</c> with no command: an echo server on a free port of 127.0.0.1 (the library's one-line echo,
/// <c>conn.Subscribe(conn.Sink)</c>), a client that sends a few text and binary messages and waits for each
/// echo, a validated close with 1000 and a reason, and the close info as each end saw it. Every line starts
/// with the time since start and the side that saw the event.
/// </summary>
internal static class DemoCommand
{
    private static readonly WebSocketCloseInfo Goodbye = new(WebSocketCloseCodes.NormalClosure, "demo done");

    private static readonly Message[] Messages =
    [
        Message.FromText("hello"),
        Message.FromBinary([0xCA, 0xFE, 0xBA, 0xBE]),
        Message.FromText("héllo, wörld"),
        Message.FromBinary([0x00, 0x01, 0x02]),
    ];

    public static async Task<int> RunAsync(ToolConsole console, bool printMetrics, CancellationToken cancellationToken)
    {
        // Listening from the start, so that the handshakes and both opens are counted (docs/observability.md).
        using var metrics = printMetrics ? new MetricsPrinter() : null;

        // Elapsed time for display only; nothing is scheduled on it.
        var clock = Stopwatch.StartNew();
        var output = TextWriter.Synchronized(console.Output);
        string Prefix(string side) => string.Create(CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalMilliseconds,8:0.0} ms  {side,-6}  ");
        var server = new TextEventWriter(output, () => Prefix("server"));
        var client = new TextEventWriter(output, () => Prefix("client"));

        var serverConnection = new TaskCompletionSource<WebSocketConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var app = ToolWebHost.Create(IPAddress.Loopback, 0);
        app.MapWebSocketConnection("/echo", conn =>
        {
            server.Open(null, conn.Opened.Result);
            conn.Subscribe(conn.Sink);
            serverConnection.TrySetResult(conn);
        });
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var url = new Uri(ToolWebHost.ListeningUrl(app), "echo");
        server.Listening(url);

        await using var connection = WebSocketConnection.Connect(url);
        var echoes = Channel.CreateUnbounded<Message>();
        using var subscription = connection.Subscribe(
            message =>
            {
                client.Message(null, message);
                echoes.Writer.TryWrite(message);
            },
            static _ => { },
            static () => { });
        client.Open(null, await connection.Opened.WaitAsync(cancellationToken).ConfigureAwait(false));

        foreach (var message in Messages)
        {
            output.WriteLine($"{Prefix("client")}send {TextEventWriter.Describe(message)}");
            await connection.SendAsync(message, cancellationToken).ConfigureAwait(false);
            await echoes.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }

        output.WriteLine($"{Prefix("client")}close {Goodbye}");
        connection.Close(Goodbye);
        var clientEnd = await CloseOutcome.OfAsync(connection).ConfigureAwait(false);
        client.Closed(null, clientEnd);
        var serverEnd = await CloseOutcome.OfAsync(await serverConnection.Task.ConfigureAwait(false)).ConfigureAwait(false);
        server.Closed(null, serverEnd);

        await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        metrics?.Print(output);
        return clientEnd.Clean && serverEnd.Clean ? ExitCodes.Success : ExitCodes.ConnectionFailed;
    }
}
