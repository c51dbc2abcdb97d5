using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace RxWebSocketStream.AspNetCore.Tests;

/// <summary>
/// Exact close frames on the server (docs/server.md, "Close frames"): an empty close body for a close without a
/// code, a client's empty close reported as 1005, whichever way the request reached the connection; and the
/// client's first frame must be masked. A hand-written client reads and writes the exact bytes.
/// </summary>
public sealed class ExactCloseTests
{
    private static readonly byte[] Key = [0x37, 0xFA, 0x21, 0x3D];

    private readonly TaskCompletionSource<WebSocketConnection> _accepted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Close_NoCodeNoReason_PutsAnEmptyCloseFrameOnTheWire(bool appWideUseWebSockets)
    {
        // With an app-wide UseWebSockets() before the endpoint, its WebSocket feature was made from the request's own
        // upgrade: the endpoint must still accept over its filtered one.
        await using var server = await KestrelServer.StartAsync(app =>
        {
            if (appWideUseWebSockets)
            {
                app.UseWebSockets();
            }

            Map(app, conn => conn.Close());
        });
        await using var raw = await RawClient.HandshakeAsync(server.Ws("ws"));

        var frame = await raw.ReadFrameAsync().Within();
        await raw.SendMaskedAsync(0x8, [], Key);

        Assert.Equal((8, ""), Describe(frame));
        Assert.Equal(new WebSocketCloseInfo(1005, ""), await ClosedAsync());
    }

    [Fact]
    public async Task PeerClose_EmptyBody_ReportedAs1005AndAnsweredWithAnEmptyBody()
    {
        await using var server = await KestrelServer.StartAsync(app => Map(app, Listen));
        await using var raw = await RawClient.HandshakeAsync(server.Ws("ws"));

        await raw.SendMaskedAsync(0x1, "hi"u8.ToArray(), Key);
        await raw.SendMaskedAsync(0x8, [], Key);

        Assert.Equal((8, ""), Describe(await raw.ReadFrameAsync().Within()));
        Assert.Equal(new WebSocketCloseInfo(1005, ""), await ClosedAsync());
    }

    [Fact]
    public async Task PeerClose_1000WithoutReason_ReportedAs1000AndAnsweredWith1000()
    {
        await using var server = await KestrelServer.StartAsync(app => Map(app, Listen));
        await using var raw = await RawClient.HandshakeAsync(server.Ws("ws"));

        // A key starting 88 80 makes the frame's last six bytes look like an empty close: still 1000.
        await raw.SendMaskedAsync(0x8, [0x03, 0xE8], [0x88, 0x80, 0x21, 0x3D]);

        Assert.Equal((8, "03E8"), Describe(await raw.ReadFrameAsync().Within()));
        Assert.Equal(new WebSocketCloseInfo(1000, ""), await ClosedAsync());
    }

    [Fact]
    public async Task AcceptWebSocketConnectionAsync_ByHand_IsExactToo()
    {
        await using var server = await KestrelServer.StartAsync(app =>
        {
            app.UseWebSockets();
            app.Map("/ws", async (HttpContext context) =>
            {
                var conn = await context.AcceptWebSocketConnectionAsync();
                Listen(conn);
                _accepted.SetResult(conn);
                await ((Task)conn.Closed).ContinueWith(static _ => { }, TaskScheduler.Default);
            });
        });
        await using var raw = await RawClient.HandshakeAsync(server.Ws("ws"));

        await raw.SendMaskedAsync(0x8, [], Key);

        Assert.Equal((8, ""), Describe(await raw.ReadFrameAsync().Within()));
        Assert.Equal(new WebSocketCloseInfo(1005, ""), await ClosedAsync());
    }

    [Fact]
    public async Task LibraryClientAndServer_WithCompression_BothReport1005ForAnEmptyClose()
    {
        await using var server = await KestrelServer.StartAsync(app => Map(app, conn => conn.Subscribe(conn.Sink), new WebSocketServerOptions { EnableCompression = true }));
        await using var client = WebSocketConnection.Connect(server.Ws("ws"), new WebSocketConnectionOptions
        {
            ConfigureClient = o => o.DangerousDeflateOptions = new WebSocketDeflateOptions(),
        });
        var echoed = new TaskCompletionSource<Message>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = client.Subscribe(m => echoed.TrySetResult(m));
        var text = string.Concat(Enumerable.Repeat("compress me ", 100));

        await client.SendAsync(Message.FromText(text)).Within();
        Assert.Equal(text, (await echoed.Task.Within()).Text);
        client.Close();

        Assert.StartsWith("permessage-deflate", (await client.Opened.Within()).Extensions, StringComparison.Ordinal);
        Assert.Equal(new WebSocketCloseInfo(1005, ""), await client.Closed.Within());
        Assert.Equal(new WebSocketCloseInfo(1005, ""), await ClosedAsync());
    }

    [Theory]
    [InlineData("8100")]
    [InlineData("880203E8")]
    [InlineData("810568656C6C6F")]
    public async Task FirstFrameUnmasked_FailsTheConnection(string frame)
    {
        // RFC 6455 5.1: the server must close on an unmasked frame. The BCL does so from 6 bytes on (with 1002); a
        // shorter one would leave it waiting for a mask key until the client leaves, so the filter fails it.
        await using var server = await KestrelServer.StartAsync(app => Map(app, conn => conn.Subscribe(_ => { }, _ => { })));
        await using var raw = await RawClient.HandshakeAsync(server.Ws("ws"));

        await raw.WriteAsync(Convert.FromHexString(frame));

        var error = await Assert.ThrowsAsync<WebSocketConnectionException>(ClosedAsync);
        Assert.Equal(1006, error.CloseCode);
        Assert.Contains("unmasked frame", error.Message, StringComparison.Ordinal);
        await raw.WaitForDropAsync().Within();
    }

    private static void Listen(WebSocketConnection connection) => connection.Subscribe(_ => { });

    private static (int Opcode, string Payload) Describe((int Opcode, byte[] Payload)? frame) =>
        frame is { } f ? (f.Opcode, Convert.ToHexString(f.Payload)) : throw new InvalidOperationException("The server dropped the connection.");

    /// <summary>Maps /ws; each accepted connection is handed to <paramref name="onAccepted"/>, then to the test.</summary>
    private void Map(WebApplication app, Action<WebSocketConnection> onAccepted, WebSocketServerOptions? options = null) =>
        app.MapWebSocketConnection(
            "/ws",
            conn =>
            {
                onAccepted(conn);
                _accepted.TrySetResult(conn);
            },
            options);

    private async Task<WebSocketCloseInfo> ClosedAsync() => await (await _accepted.Task.Within()).Closed.Within();
}
