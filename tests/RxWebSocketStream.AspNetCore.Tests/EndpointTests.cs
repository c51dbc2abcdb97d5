using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;

namespace RxWebSocketStream.AspNetCore.Tests;

/// <summary>MapWebSocketConnection against a real Kestrel and a real ClientWebSocket.</summary>
public sealed class EndpointTests
{
    [Fact]
    public async Task MapWebSocketConnection_EchoOneLiner_EchoesTextAndBinaryThenAnswersTheClose()
    {
        await using var server = await KestrelServer.StartAsync(DocSamples.Echo);
        using var ws = await Clients.ConnectAsync(server.Ws("echo"));

        await ws.SendTextAsync("hello");
        Assert.Equal("hello", await ws.ReceiveTextAsync());
        await ws.SendAsync(new byte[] { 1, 2, 3 }, WebSocketMessageType.Binary, true, CancellationToken.None).Within();
        var (type, data) = await ws.ReceiveAsync();
        Assert.Equal(WebSocketMessageType.Binary, type);
        Assert.Equal([1, 2, 3], data);

        // The handler returned long ago; the request stayed alive and the connection answers our close.
        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None).Within();
        Assert.Equal(WebSocketCloseStatus.NormalClosure, ws.CloseStatus);
        Assert.Equal("done", ws.CloseStatusDescription);
    }

    [Fact]
    public async Task MapWebSocketConnection_PlainHttpGet_Gets400WithPlainTextMessage()
    {
        await using var server = await KestrelServer.StartAsync(DocSamples.Echo);
        using var http = new HttpClient();

        using var response = await http.GetAsync(server.Http("echo")).Within();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync().Within();
        Assert.Contains("/echo is a WebSocket endpoint", body, StringComparison.Ordinal);
        Assert.Contains("is not a WebSocket handshake", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapWebSocketConnection_PlainHttpPost_Gets400()
    {
        await using var server = await KestrelServer.StartAsync(DocSamples.Echo);
        using var http = new HttpClient();

        using var response = await http.PostAsync(server.Http("echo"), new StringContent("x")).Within();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("this POST request is not a WebSocket handshake", await response.Content.ReadAsStringAsync().Within(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapWebSocketConnection_HandlerThrows_ClientSees1011()
    {
        var serverSide = new TaskCompletionSource<WebSocketConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await KestrelServer.StartAsync(app => app.MapWebSocketConnection("/fail", async (conn, _) =>
        {
            serverSide.SetResult(conn);
            await Task.CompletedTask;
            throw new InvalidOperationException("boom");
        }));
        using var ws = await Clients.ConnectAsync(server.Ws("fail"));

        var (code, reason) = await ws.ReceiveCloseAsync();
        await ws.CloseOutputAsync(WebSocketCloseStatus.InternalServerError, null, CancellationToken.None).Within();

        Assert.Equal(1011, code);
        Assert.Equal(string.Empty, reason); // the exception is logged on the server, never sent
        Assert.Equal(1011, (await (await serverSide.Task.Within()).Closed.Within()).Code);
    }

    [Fact]
    public async Task MapWebSocketConnection_SynchronousHandlerThrows_ClientSees1011()
    {
        // A method group: a lambda that only throws fits every handler shape (Action and the push Funcs) alike.
        await using var server = await KestrelServer.StartAsync(app => app.MapWebSocketConnection("/fail", Throw));
        using var ws = await Clients.ConnectAsync(server.Ws("fail"));

        var (code, _) = await ws.ReceiveCloseAsync();

        Assert.Equal(1011, code);

        static void Throw(WebSocketConnection connection) => throw new InvalidOperationException("boom");
    }

    [Fact]
    public async Task MapWebSocketConnection_FeedHandlerThrowsBeforeReturningTheFeed_ClientSees1011()
    {
        await using var server = await KestrelServer.StartAsync(app => app.MapWebSocketConnection("/fail", Throw));
        using var ws = await Clients.ConnectAsync(server.Ws("fail"));

        var (code, _) = await ws.ReceiveCloseAsync();

        Assert.Equal(1011, code);

        static IObservable<Message> Throw(WebSocketConnection connection) => throw new InvalidOperationException("boom");
    }

    [Fact]
    public async Task MapWebSocketConnection_AsyncHandler_GetsTheRequestAndTheNegotiatedConnection()
    {
        await using var server = await KestrelServer.StartAsync(DocSamples.Chat);
        using var ws = await Clients.ConnectAsync(server.Ws("chat?user=ann"), o =>
        {
            o.AddSubProtocol("chat.v1");
            o.SetRequestHeader("Origin", "https://chat.example");
        });

        await ws.SendTextAsync("hi");

        Assert.Equal("ann via chat.v1: hi", await ws.ReceiveTextAsync());
    }

    [Fact]
    public async Task AcceptWebSocketConnectionAsync_ByHand_EchoesAndRefusesPlainHttpWith400()
    {
        await using var server = await KestrelServer.StartAsync(DocSamples.Manual);
        using var ws = await Clients.ConnectAsync(server.Ws("manual"));
        using var http = new HttpClient();

        await ws.SendTextAsync("by hand");
        var echoed = await ws.ReceiveTextAsync();
        using var response = await http.GetAsync(server.Http("manual")).Within();

        Assert.Equal("by hand", echoed);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("is not a WebSocket handshake", await response.Content.ReadAsStringAsync().Within(), StringComparison.Ordinal);
        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).Within();
    }

    [Fact]
    public async Task AcceptWebSocketConnectionAsync_WithoutUseWebSockets_ThrowsNamingTheFix()
    {
        var failure = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await KestrelServer.StartAsync(app => app.Map("/nomiddleware", async context =>
        {
            try
            {
                await context.AcceptWebSocketConnectionAsync();
            }
            catch (InvalidOperationException e)
            {
                failure.SetResult(e);
                context.Response.StatusCode = 500;
            }
        }));

        Assert.Equal(500, await Clients.RefusedStatusAsync(server.Ws("nomiddleware")));
        Assert.Contains("app.UseWebSockets()", (await failure.Task.Within()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapWebSocketConnection_HandshakeResponse_IsA101WithTheAcceptKey()
    {
        await using var server = await KestrelServer.StartAsync(DocSamples.Echo);
        await using var raw = await RawClient.HandshakeAsync(server.Ws("echo"));

        Assert.Equal(101, raw.StatusCode);
        Assert.Contains("Sec-WebSocket-Accept:", raw.ResponseHead, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Sec-WebSocket-Protocol", raw.ResponseHead, StringComparison.OrdinalIgnoreCase);
    }
}
