using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Rxws.Hosting;

namespace Rxws.Bench;

/// <summary>
/// The one server every scenario talks to: Kestrel on a free port of 127.0.0.1 with the raw ASP.NET Core
/// <see cref="WebSocket"/> (not the library), so the server side costs the same whichever client variant is
/// measured. Each connection obeys text commands and echoes binary messages:
/// <list type="bullet">
/// <item><c>send N S</c>: send N binary messages of S bytes as fast as the server can: the frames are built
/// once and written straight to the upgraded stream in 64 KiB chunks (the socket is idle meanwhile). Sending
/// each through <see cref="WebSocket.SendAsync(ReadOnlyMemory{byte}, WebSocketMessageType, bool, CancellationToken)"/>
/// made the server the bottleneck at small sizes (about 0.5 million 32-byte messages per second here) and
/// hid the client's cost.</item>
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
    private const int BlastChunkSize = 64 * 1024;

    private readonly ConcurrentDictionary<int, byte[]> _bursts = new();
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
        // Before the WebSocket middleware captures it: remember the upgraded stream, for send's pre-framed burst.
        app.Use(static (context, next) =>
        {
            if (context.Features.Get<IHttpUpgradeFeature>() is { } upgrade)
            {
                context.Features.Set<IHttpUpgradeFeature>(new RecordingUpgrade(upgrade));
            }

            return next(context);
        });
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
            var stream = ((RecordingUpgrade)context.Features.Get<IHttpUpgradeFeature>()!).Stream!;
            await ServeAsync(socket, stream).ConfigureAwait(false);
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

    private async Task ServeAsync(WebSocket socket, Stream stream)
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
                    toCount = await ObeyAsync(socket, stream, message.Span).ConfigureAwait(false);
                    break;
            }
        }
    }

    /// <summary>Runs a text command; returns how many binary messages to count next.</summary>
    private Task<int> ObeyAsync(WebSocket socket, Stream stream, ReadOnlySpan<byte> command)
    {
        var words = Encoding.ASCII.GetString(command).Split(' ');
        return words switch
        {
            ["count", var n] => Task.FromResult(ParseCount(n)),
            ["send", var n, var size] => SendAsync(stream, ParseCount(n), Payload(ParseCount(size))),
            _ => throw new InvalidOperationException($"The bench server does not know the command \"{Encoding.ASCII.GetString(command)}\"."),
        };
    }

    /// <summary>
    /// Writes N unmasked binary frames straight to the upgraded stream, built once and written in large
    /// chunks: the fastest a server can put these messages on the wire, so the client is what bounds the rate.
    /// </summary>
    private async Task<int> SendAsync(Stream stream, int count, byte[] payload)
    {
        var frame = Frame(payload);
        var perChunk = Math.Max(1, BlastChunkSize / frame.Length);
        var chunk = _bursts.GetOrAdd(payload.Length, _ => Repeat(frame, perChunk));
        for (var sent = 0; sent < count; sent += perChunk)
        {
            var frames = Math.Min(perChunk, count - sent);
            await stream.WriteAsync(chunk.AsMemory(0, frames * frame.Length)).ConfigureAwait(false);
        }

        await stream.FlushAsync().ConfigureAwait(false);
        return 0;
    }

    private static byte[] Frame(byte[] payload)
    {
        // RFC 6455 5.2: FIN + binary opcode, no mask (server to client), 7-bit, 16-bit or 64-bit length.
        var header = payload.Length switch
        {
            <= 125 => new byte[] { 0x82, (byte)payload.Length },
            <= ushort.MaxValue => [0x82, 126, (byte)(payload.Length >> 8), (byte)payload.Length],
            _ => [0x82, 127, 0, 0, 0, 0, (byte)(payload.Length >> 24), (byte)(payload.Length >> 16), (byte)(payload.Length >> 8), (byte)payload.Length],
        };
        return [.. header, .. payload];
    }

    private static byte[] Repeat(byte[] frame, int times)
    {
        var bytes = new byte[frame.Length * times];
        for (var i = 0; i < times; i++)
        {
            frame.CopyTo(bytes, i * frame.Length);
        }

        return bytes;
    }

    private static int ParseCount(string text) => int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>Passes the upgrade through and keeps the upgraded stream.</summary>
    private sealed class RecordingUpgrade(IHttpUpgradeFeature inner) : IHttpUpgradeFeature
    {
        public bool IsUpgradableRequest => inner.IsUpgradableRequest;

        public Stream? Stream { get; private set; }

        public async Task<Stream> UpgradeAsync()
        {
            Stream = await inner.UpgradeAsync().ConfigureAwait(false);
            return Stream;
        }
    }
}
