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

    [Fact]
    public async Task Close_NoCodeNoReason_PutsAnEmptyCloseFrameOnTheWire()
    {
        var accepted = new TaskCompletionSource<WebSocketConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await KestrelServer.StartAsync(app => app.MapWebSocketConnection("/ws", conn =>
        {
            accepted.SetResult(conn);
            conn.Close();
        }));
        await using var raw = await RawClient.HandshakeAsync(server.Ws("ws"));

        var frame = await raw.ReadFrameAsync().Within();
        await raw.SendMaskedAsync(0x8, [], Key);

        Assert.Equal((8, ""), (frame!.Value.Opcode, Convert.ToHexString(frame.Value.Payload)));
        Assert.Equal(new WebSocketCloseInfo(1005, ""), await (await accepted.Task.Within()).Closed.Within());
    }

    [Fact]
    public async Task PeerClose_EmptyBody_ReportedAs1005AndAnsweredWithAnEmptyBody()
    {
        var accepted = new TaskCompletionSource<WebSocketConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await KestrelServer.StartAsync(app => app.MapWebSocketConnection("/ws", conn =>
        {
            conn.Subscribe(_ => { });
            accepted.SetResult(conn);
        }));
        await using var raw = await RawClient.HandshakeAsync(server.Ws("ws"));

        await raw.SendMaskedAsync(0x1, "hi"u8.ToArray(), Key);
        await raw.SendMaskedAsync(0x8, [], Key);
        var answer = await raw.ReadFrameAsync().Within();

        Assert.Equal((8, ""), (answer!.Value.Opcode, Convert.ToHexString(answer.Value.Payload)));
        Assert.Equal(new WebSocketCloseInfo(1005, ""), await (await accepted.Task.Within()).Closed.Within());
    }

    [Fact]
    public async Task PeerClose_1000WithoutReason_ReportedAs1000AndAnsweredWith1000()
    {
        var accepted = new TaskCompletionSource<WebSocketConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await KestrelServer.StartAsync(app => app.MapWebSocketConnection("/ws", conn =>
        {
            conn.Subscribe(_ => { });
            accepted.SetResult(conn);
        }));
        await using var raw = await RawClient.HandshakeAsync(server.Ws("ws"));

        // A key starting 88 80 makes the frame's last six bytes look like an empty close: still 1000.
        await raw.SendMaskedAsync(0x8, [0x03, 0xE8], [0x88, 0x80, 0x21, 0x3D]);
        var answer = await raw.ReadFrameAsync().Within();

        Assert.Equal((8, "03E8"), (answer!.Value.Opcode, Convert.ToHexString(answer.Value.Payload)));
        Assert.Equal(new WebSocketCloseInfo(1000, ""), await (await accepted.Task.Within()).Closed.Within());
    }

    [Fact]
    public async Task Close_NoCodeNoReason_WithAGlobalUseWebSockets_IsStillExact()
    {
        // An app-wide UseWebSockets() ran before the endpoint and made its WebSocket feature from the request's own
        // upgrade: the endpoint must still accept over its filtered one.
        var accepted = new TaskCompletionSource<WebSocketConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await KestrelServer.StartAsync(app =>
        {
            app.UseWebSockets();
            app.MapWebSocketConnection("/ws", conn =>
            {
                accepted.SetResult(conn);
                conn.Close();
            });
        });
        await using var raw = await RawClient.HandshakeAsync(server.Ws("ws"));

        var frame = await raw.ReadFrameAsync().Within();
        await raw.SendMaskedAsync(0x8, [], Key);

        Assert.Equal((8, ""), (frame!.Value.Opcode, Convert.ToHexString(frame.Value.Payload)));
        Assert.Equal(new WebSocketCloseInfo(1005, ""), await (await accepted.Task.Within()).Closed.Within());
    }

    [Fact]
    public async Task AcceptWebSocketConnectionAsync_ByHand_IsExactToo()
    {
        var accepted = new TaskCompletionSource<WebSocketConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await KestrelServer.StartAsync(app =>
        {
            app.UseWebSockets();
            app.Map("/ws", async (HttpContext context) =>
            {
                var conn = await context.AcceptWebSocketConnectionAsync();
                accepted.SetResult(conn);
                conn.Subscribe(_ => { });
                await ((Task)conn.Closed).ContinueWith(static _ => { }, TaskScheduler.Default);
            });
        });
        await using var raw = await RawClient.HandshakeAsync(server.Ws("ws"));

        await raw.SendMaskedAsync(0x8, [], Key);
        var answer = await raw.ReadFrameAsync().Within();

        Assert.Equal((8, ""), (answer!.Value.Opcode, Convert.ToHexString(answer.Value.Payload)));
        Assert.Equal(new WebSocketCloseInfo(1005, ""), await (await accepted.Task.Within()).Closed.Within());
    }

    [Fact]
    public async Task LibraryClientAndServer_WithCompression_BothReport1005ForAnEmptyClose()
    {
        var accepted = new TaskCompletionSource<WebSocketConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await KestrelServer.StartAsync(app => app.MapWebSocketConnection(
            "/ws",
            conn =>
            {
                conn.Subscribe(conn.Sink);
                accepted.SetResult(conn);
            },
            new WebSocketServerOptions { EnableCompression = true }));
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
        Assert.Equal(new WebSocketCloseInfo(1005, ""), await (await accepted.Task.Within()).Closed.Within());
    }

    [Theory]
    [InlineData("8100")]
    [InlineData("880203E8")]
    [InlineData("810568656C6C6F")]
    public async Task FirstFrameUnmasked_FailsTheConnectionAtOnce(string frame)
    {
        // RFC 6455 5.1: the server must close on an unmasked frame. A frame under 6 bytes would otherwise leave the
        // BCL waiting for a mask key until the client leaves.
        var accepted = new TaskCompletionSource<WebSocketConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await KestrelServer.StartAsync(app => app.MapWebSocketConnection("/ws", conn =>
        {
            conn.Subscribe(_ => { }, _ => { });
            accepted.SetResult(conn);
        }));
        await using var raw = await RawClient.HandshakeAsync(server.Ws("ws"));

        await raw.WriteAsync(Convert.FromHexString(frame));

        var error = await Assert.ThrowsAsync<WebSocketConnectionException>(async () => await (await accepted.Task.Within()).Closed.Within());
        Assert.Equal(1006, error.CloseCode);
        Assert.Contains("unmasked frame", error.Message, StringComparison.Ordinal);
        await raw.WaitForDropAsync().Within();
    }
}
