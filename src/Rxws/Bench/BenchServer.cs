using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Rxws.Hosting;

namespace Rxws.Bench;

/// <summary>
/// The one server every scenario talks to: Kestrel on a free port of 127.0.0.1 with the raw ASP.NET Core
/// <see cref="WebSocket"/> (not the library), so the server side costs the same whichever client variant is
/// measured. Each connection obeys text commands and echoes binary messages:
/// <list type="bullet">
/// <item><c>send N S</c>: send N binary messages of S bytes, back to back, as fast as the socket takes them.</item>
/// <item><c>count N</c>: count the next N binary messages, then send the text message <c>counted</c>.</item>
/// <item>a binary message outside a count: send it back (echo, connect).</item>
/// <item>a close frame: answer it with the same code; the connection ends.</item>
/// </list>
/// </summary>
internal sealed class BenchServer : IAsyncDisposable
{
    public static readonly byte[] Counted = "counted"u8.ToArray();

    private const int SmallBufferSize = 256;
    private const int LargeBufferSize = 64 * 1024 + 64;

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<int, byte[]> _payloads = new();
    private readonly object _gate = new();
    private readonly List<(int Target, TaskCompletionSource Reached)> _openWaiters = [];
    private int _open;

    private BenchServer(WebApplication app) => _app = app;

    /// <summary>The URL clients connect to.</summary>
    public Uri Url { get; private set; } = null!;

    public static async Task<BenchServer> StartAsync(CancellationToken cancellationToken)
    {
        var app = ToolWebHost.Create(IPAddress.Loopback, 0);
        var server = new BenchServer(app);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        app.Map("/bench", server.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        server.Url = new Uri(ToolWebHost.ListeningUrl(app), "bench");
        return server;
    }

    /// <summary>A payload of <paramref name="size"/> bytes, the same array every time (clients send it too).</summary>
    public byte[] Payload(int size) => _payloads.GetOrAdd(size, static n =>
    {
        var bytes = new byte[n];
        for (var i = 0; i < n; i++)
        {
            bytes[i] = (byte)('a' + (i % 26));
        }

        return bytes;
    });

    /// <summary>Completes when exactly <paramref name="target"/> server-side connections are open (accepted and not yet ended).</summary>
    public Task WhenOpenConnectionsAsync(int target)
    {
        lock (_gate)
        {
            if (_open == target)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _openWaiters.Add((target, reached));
            return reached.Task;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private void AddOpen(int delta)
    {
        lock (_gate)
        {
            _open += delta;
            for (var i = _openWaiters.Count - 1; i >= 0; i--)
            {
                if (_openWaiters[i].Target == _open)
                {
                    _openWaiters[i].Reached.TrySetResult();
                    _openWaiters.RemoveAt(i);
                }
            }
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        AddOpen(1);
        try
        {
            await ServeAsync(socket).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            // A client that aborts (or a server stopping) ends its connection; nothing to report.
        }
        finally
        {
            AddOpen(-1);
        }
    }

    private async Task ServeAsync(WebSocket socket)
    {
        // Idle connections wait in a read into the small buffer; the large one is made the first time a
        // message does not fit, so an idle connection costs the server little (the idle scenario counts it).
        var small = new byte[SmallBufferSize];
        byte[]? large = null;
        var toCount = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(small.AsMemory(), CancellationToken.None).ConfigureAwait(false);
            var message = small.AsMemory(0, result.Count);
            if (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close)
            {
                large ??= new byte[LargeBufferSize];
                message.CopyTo(large);
                var length = result.Count;
                do
                {
                    result = await socket.ReceiveAsync(large.AsMemory(length), CancellationToken.None).ConfigureAwait(false);
                    length += result.Count;
                }
                while (!result.EndOfMessage);

                message = large.AsMemory(0, length);
            }

            switch (result.MessageType)
            {
                case WebSocketMessageType.Close:
                    await socket.CloseOutputAsync(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, socket.CloseStatusDescription, CancellationToken.None).ConfigureAwait(false);
                    return;

                case WebSocketMessageType.Binary when toCount > 0:
                    if (--toCount == 0)
                    {
                        await socket.SendAsync(Counted, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
                    }

                    break;

                case WebSocketMessageType.Binary:
                    await socket.SendAsync(message, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
                    break;

                default:
                    toCount = await ObeyAsync(socket, message.Span).ConfigureAwait(false);
                    break;
            }
        }
    }

    /// <summary>Runs a text command; returns how many binary messages to count next.</summary>
    private Task<int> ObeyAsync(WebSocket socket, ReadOnlySpan<byte> command)
    {
        var words = Encoding.ASCII.GetString(command).Split(' ');
        return words switch
        {
            ["count", var n] => Task.FromResult(ParseCount(n)),
            ["send", var n, var size] => SendAsync(socket, ParseCount(n), Payload(ParseCount(size))),
            _ => throw new InvalidOperationException($"The bench server does not know the command \"{Encoding.ASCII.GetString(command)}\"."),
        };
    }

    private static async Task<int> SendAsync(WebSocket socket, int count, byte[] payload)
    {
        for (var i = 0; i < count; i++)
        {
            await socket.SendAsync(payload, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
        }

        return 0;
    }

    private static int ParseCount(string text) => int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
}
