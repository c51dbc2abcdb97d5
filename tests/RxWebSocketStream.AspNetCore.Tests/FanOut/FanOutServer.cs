using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging;

namespace RxWebSocketStream.AspNetCore.Tests.FanOut;

/// <summary>
/// A real Kestrel on 127.0.0.1 whose endpoint <c>/feed?id=..&amp;group=..</c> joins each connection to a group
/// of one <see cref="Broadcaster"/> and keeps it by id. Socket buffers are made small on both sides (the
/// server's send buffer and output pipe here, the client's receive buffer in <see cref="ConnectAsync"/>), so a
/// client that stops reading stalls its server-side sends after a few dozen KiB instead of tens of MiB, and
/// the tests can push little.
/// </summary>
internal sealed class FanOutServer : IAsyncDisposable
{
    private const int SmallBuffer = 4096;

    // Shared by every client: each WebSocket handshake makes its own connection, which the upgrade takes over.
    private static readonly HttpMessageInvoker SmallReceiveBuffer = new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = SmallBuffer };
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        },
    });

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<WebSocketConnection>> _accepted = new();
    private readonly ConcurrentBag<ClientWebSocket> _clients = [];

    private FanOutServer(WebApplication app, Broadcaster broadcaster)
    {
        _app = app;
        Broadcaster = broadcaster;
        Url = new UriBuilder(app.Urls.First()) { Scheme = "ws", Path = "/feed" }.Uri;
    }

    public Broadcaster Broadcaster { get; }

    public Uri Url { get; }

    public static async Task<FanOutServer> StartAsync(Broadcaster broadcaster)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.UseSockets(o =>
        {
            o.MaxWriteBufferSize = SmallBuffer;
            o.CreateBoundListenSocket = endpoint =>
            {
                var socket = SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
                socket.SendBufferSize = SmallBuffer; // accepted sockets inherit it
                return socket;
            };
        });
        var app = builder.Build();
        FanOutServer? server = null;
        app.MapWebSocketConnection("/feed", (connection, http) =>
        {
            var group = http.Request.Query["group"].ToString();
            (group.Length == 0 ? broadcaster.All : broadcaster.Group(group)).Join(connection);

            // A subscriber, so that the server reads and sees the client's close (nothing is read without one).
            connection.Subscribe(_ => { }, _ => { });
            server!.Accepted(http.Request.Query["id"].ToString()).TrySetResult(connection);
            return Task.CompletedTask;
        });
        await app.StartAsync().ConfigureAwait(false);
        return server = new FanOutServer(app, broadcaster);
    }

    /// <summary>The server side of the client that connected with <paramref name="id"/>.</summary>
    public Task<WebSocketConnection> Connection(string id) => Accepted(id).Task.Within();

    /// <summary>Connects a raw client with a small receive buffer and waits until the server joined it.</summary>
    public async Task<ClientWebSocket> ConnectAsync(string id, string? group = null)
    {
        var ws = new ClientWebSocket();
        _clients.Add(ws);
        var url = new UriBuilder(Url) { Query = $"id={id}" + (group is null ? "" : $"&group={group}") }.Uri;
        await ws.ConnectAsync(url, SmallReceiveBuffer, CancellationToken.None).Within();
        await Connection(id);
        return ws;
    }

    /// <summary>
    /// Aborts the raw clients first: a client that does not read would otherwise hold the shutdown's 1001
    /// close handshake for the whole close timeout.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var ws in _clients)
        {
            ws.Abort();
            ws.Dispose();
        }

        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        Broadcaster.Dispose();
    }

    private TaskCompletionSource<WebSocketConnection> Accepted(string id) =>
        _accepted.GetOrAdd(id, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
}

/// <summary>Numbered messages: the index in the first 4 bytes, so a receiver can check order and gaps.</summary>
internal static class Numbered
{
    public static Message Binary(int index, int size)
    {
        var payload = new byte[size];
        BinaryPrimitives.WriteInt32BigEndian(payload, index);
        return Message.FromBinary(payload);
    }

    public static int IndexOf(ReadOnlySpan<byte> payload) => BinaryPrimitives.ReadInt32BigEndian(payload);

    /// <summary>Reads numbered messages until <paramref name="last"/> arrives; returns every index, in arrival order.</summary>
    public static async Task<List<int>> ReadUntilAsync(ClientWebSocket ws, int last)
    {
        var indexes = new List<int>();
        while (true)
        {
            var (type, data) = await ws.ReceiveAsync();
            Assert.Equal(WebSocketMessageType.Binary, type);
            var index = IndexOf(data);
            indexes.Add(index);
            if (index == last)
            {
                return indexes;
            }
        }
    }
}
