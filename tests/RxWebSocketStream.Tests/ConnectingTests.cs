using System.Net;
using System.Net.Sockets;
using RxWebSocketStream.Testing;
using RxWebSocketStream.Tests.Server;

namespace RxWebSocketStream.Tests;

/// <summary>docs/behaviour.md ("Connecting") against a real Kestrel server on 127.0.0.1.</summary>
public sealed class ConnectingTests(TestServer server) : IClassFixture<TestServer>
{
    [Fact]
    public async Task Connect_EchoServer_OpensWithEmptyProtocolAndExtensions()
    {
        var id = NewId();
        await using var ws = WebSocketConnection.Connect(server.Url("echo", id));

        var open = await ws.Opened.Within();

        Assert.Equal(new WebSocketOpenInfo("", ""), open);
        await server.Log(id).Accepted.Within();
    }

    [Theory]
    [InlineData("http")]
    [InlineData("HTTP")]
    [InlineData("Ws")]
    public async Task Connect_HttpOrMixedCaseScheme_ReachesTheServerAsWebSocket(string scheme)
    {
        var id = NewId();
        var url = new UriBuilder(server.Url("echo", id)) { Scheme = scheme }.Uri;
        await using var ws = WebSocketConnection.Connect(url);

        await ws.Opened.Within();
        await ws.SendAsync(Message.FromText("over http")).Within();

        await server.Log(id).WaitForMessagesAsync(1).Within();
        Assert.Equal([Message.FromText("over http")], server.Log(id).Received);
    }

    [Fact]
    public async Task Connect_ProtocolsOffered_ServerSeesThemAndOpenedReportsItsPick()
    {
        var id = NewId();
        await using var ws = WebSocketConnection.Connect(server.Url("protocol?pick=v2", id), new() { Protocols = ["v1", "v2"] });

        var open = await ws.Opened.Within();

        Assert.Equal("v2", open.Protocol);
        Assert.Equal("v1, v2", await server.Log(id).Requested.Within());
    }

    [Fact]
    public async Task Connect_CancelledBeforehand_AttemptsNoConnectionAndFaultsBothWithCancellation()
    {
        var id = NewId();
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        var ws = WebSocketConnection.Connect(server.Url("echo", id), new() { Cancellation = cts.Token });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ws.Opened.Within());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ws.Closed.Within());

        // A later connection makes a full round trip; a request from the cancelled one would have come first.
        await ProveServerIsListeningAsync();
        Assert.Equal(0, server.Log(id).RequestCount);
    }

    [Fact]
    public async Task Connect_CancelledDuringHandshake_AbortsItAndFaultsBothWithCancellation()
    {
        var id = NewId();
        using var cts = new CancellationTokenSource();
        var ws = WebSocketConnection.Connect(server.Url("held", id), new() { Cancellation = cts.Token });
        await server.Log(id).Requested.Within();

        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ws.Opened.Within());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ws.Closed.Within());
        await server.Log(id).Ended.Within();
        Assert.False(server.Log(id).Accepted.IsCompleted, "The server never answered 101: the client dropped the request.");
    }

    [Fact]
    public async Task Connect_CancelledAfterOpen_ChangesNothing()
    {
        var id = NewId();
        using var cts = new CancellationTokenSource();
        var ws = WebSocketConnection.Connect(server.Url("echo", id), new() { Cancellation = cts.Token });
        var recorder = new Recorder();
        using var sub = ws.Subscribe(recorder);
        await ws.Opened.Within();

        cts.Cancel();
        await ws.SendAsync(Message.FromText("still here")).Within();
        await recorder.WaitForMessagesAsync(1).Within();
        ws.Close(new WebSocketCloseInfo(4000, "done"));

        Assert.Equal(new WebSocketCloseInfo(4000, "done"), await ws.Closed.Within());
        Assert.Equal(["still here"], recorder.Texts);
    }

    [Fact]
    public async Task Connect_RefusedPort_OpenedFaultsWithNoCodeAndClosedWith1006()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var ws = WebSocketConnection.Connect(new Uri($"ws://127.0.0.1:{port}/"));

        await AssertHandshakeFailedAsync(ws);
    }

    [Fact]
    public async Task Connect_NotFound_OpenedFaultsWithNoCodeAndClosedWith1006()
    {
        var id = NewId();
        var ws = WebSocketConnection.Connect(server.Url("no-such-endpoint", id));

        await AssertHandshakeFailedAsync(ws);
        Assert.Equal(1, server.Log(id).RequestCount);
    }

    [Fact]
    public async Task Connect_ServerPicksProtocolNotOffered_HandshakeFails()
    {
        var ws = WebSocketConnection.Connect(server.Url("protocol?pick=v3", NewId()), new() { Protocols = ["v1", "v2"] });

        await AssertHandshakeFailedAsync(ws);
    }

    [Fact]
    public async Task Connect_ServerPicksProtocolNothingOffered_HandshakeFails()
    {
        var ws = WebSocketConnection.Connect(server.Url("protocol?pick=v1", NewId()));

        await AssertHandshakeFailedAsync(ws);
    }

    [Fact]
    public async Task Connect_ServerPicksNoProtocolOfThoseOffered_FailsTheHandshakeAsChromiumDoes()
    {
        // WHATWG: when protocols were offered and the response selects none, fail the connection.
        // Chromium does (tests/RxWebSocketStream.Interop.Tests pins it); so does Node's ws.
        var ws = WebSocketConnection.Connect(server.Url("protocol", NewId()), new() { Protocols = ["v1"] });

        var opened = await Assert.ThrowsAsync<WebSocketConnectionException>(() => ws.Opened.Within());
        var closed = await Assert.ThrowsAsync<WebSocketConnectionException>(() => ws.Closed.Within());

        Assert.Null(opened.CloseCode);
        Assert.Contains("selected none of the offered sub-protocols (v1)", opened.Message, StringComparison.Ordinal);
        Assert.Equal(1006, closed.CloseCode);
    }

    [Fact]
    public async Task Connect_HandshakeOutlastsConnectTimeout_FailsInVirtualTime()
    {
        var id = NewId();
        var scheduler = new TestScheduler();
        var timeout = TimeSpan.FromSeconds(5);
        var ws = WebSocketConnection.Connect(server.Url("held", id), new() { Scheduler = scheduler, ConnectTimeout = timeout });
        await server.Log(id).Requested.Within();

        scheduler.AdvanceBy(timeout.Ticks);

        await AssertHandshakeFailedAsync(ws);
        await server.Log(id).Ended.Within();
        Assert.False(server.Log(id).Accepted.IsCompleted);
    }

    [Fact]
    public async Task Connect_HandshakeFinishesJustBeforeConnectTimeout_Opens()
    {
        var id = NewId();
        var scheduler = new TestScheduler();
        var timeout = TimeSpan.FromSeconds(5);
        await using var ws = WebSocketConnection.Connect(server.Url("held", id), new() { Scheduler = scheduler, ConnectTimeout = timeout });
        await server.Log(id).Requested.Within();

        scheduler.AdvanceBy(timeout.Ticks - 1);
        server.Log(id).Release();

        await ws.Opened.Within();

        // The timeout was cancelled when the handshake finished: its due time passing changes nothing.
        scheduler.AdvanceBy(timeout.Ticks);
        await ws.SendAsync(Message.FromText("open")).Within();
        await server.Log(id).WaitForMessagesAsync(1).Within();
    }

    [Fact]
    public async Task Close_BeforeOpen_AbortsHandshakeAndFaultsOpenedAndClosed()
    {
        var id = NewId();
        var ws = WebSocketConnection.Connect(server.Url("held", id));
        await server.Log(id).Requested.Within();

        ws.Close(new WebSocketCloseInfo(4000, "never mind"));

        await AssertHandshakeFailedAsync(ws);
        await server.Log(id).Ended.Within();
        Assert.False(server.Log(id).Accepted.IsCompleted);
        Assert.False(server.Log(id).CloseReceived.IsCompleted, "No close frame can be sent before open.");
    }

    private static async Task AssertHandshakeFailedAsync(WebSocketConnection ws)
    {
        var opened = await Assert.ThrowsAsync<WebSocketConnectionException>(() => ws.Opened.Within());
        Assert.Null(opened.CloseCode);
        var closed = await Assert.ThrowsAsync<WebSocketConnectionException>(() => ws.Closed.Within());
        Assert.Equal(1006, closed.CloseCode);
    }

    private async Task ProveServerIsListeningAsync()
    {
        var id = NewId();
        await using var ws = WebSocketConnection.Connect(server.Url("echo", id));
        await ws.SendAsync(Message.FromText("ping")).Within();
        await server.Log(id).WaitForMessagesAsync(1).Within();
    }

    private static string NewId() => Guid.NewGuid().ToString("N");
}
