using System.Net.WebSockets;
using RxWebSocketStream.Internal;
using RxWebSocketStream.Tests.Server;

namespace RxWebSocketStream.Tests;

/// <summary>
/// RFC 6455 4.1: a server that accepts an extension the client did not offer fails the handshake, as an un-offered
/// sub-protocol does. A raw TCP peer writes the handshake response by hand.
/// </summary>
public sealed class ExtensionNegotiationTests : IAsyncLifetime
{
    private readonly RawPeer _peer = RawPeer.Start();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _peer.DisposeAsync();

    [Theory]
    [InlineData("x-unknown-ext")]
    [InlineData("permessage-deflate")]
    [InlineData("permessage-deflate; server_no_context_takeover")]
    public async Task Connect_ServerAcceptsAnExtensionNotOffered_FailsTheHandshake(string accepted)
    {
        var ws = WebSocketConnection.Connect(_peer.Url);
        using var raw = await _peer.AcceptAsync($"Sec-WebSocket-Extensions: {accepted}").Within();

        var opened = await Assert.ThrowsAsync<WebSocketConnectionException>(() => ws.Opened.Within());
        var closed = await Assert.ThrowsAsync<WebSocketConnectionException>(() => ws.Closed.Within());

        Assert.Null(RawPeer.HeaderValue(raw.Request, "Sec-WebSocket-Extensions"));
        Assert.Null(opened.CloseCode);
        Assert.Contains($"'{accepted.Split(';')[0]}', which the client did not offer", opened.Message, StringComparison.Ordinal);
        Assert.Equal(1006, closed.CloseCode);
        Assert.True(await raw.ReadEndAsync().Within(), "The client must drop the connection it refused.");
    }

    [Fact]
    public async Task Connect_OfferedDeflateAndAnUnofferedExtensionAccepted_FailsTheHandshake()
    {
        var ws = WebSocketConnection.Connect(_peer.Url, new WebSocketConnectionOptions
        {
            ConfigureClient = o => o.DangerousDeflateOptions = new WebSocketDeflateOptions(),
        });
        using var raw = await _peer.AcceptAsync("Sec-WebSocket-Extensions: permessage-deflate, x-unknown-ext").Within();

        var opened = await Assert.ThrowsAsync<WebSocketConnectionException>(() => ws.Opened.Within());

        Assert.StartsWith("permessage-deflate", RawPeer.HeaderValue(raw.Request, "Sec-WebSocket-Extensions"), StringComparison.Ordinal);
        Assert.Contains("'x-unknown-ext'", opened.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connect_OfferedDeflateAccepted_OpensWithIt()
    {
        await using var ws = WebSocketConnection.Connect(_peer.Url, new WebSocketConnectionOptions
        {
            ConfigureClient = o => o.DangerousDeflateOptions = new WebSocketDeflateOptions(),
        });
        using var raw = await _peer.AcceptAsync("Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=15").Within();

        Assert.Equal(new WebSocketOpenInfo("", "permessage-deflate; client_max_window_bits=15"), await ws.Opened.Within());
    }

    [Theory]
    [InlineData("permessage-deflate", new[] { "permessage-deflate" })]
    [InlineData("permessage-deflate; client_max_window_bits, x-foo", new[] { "permessage-deflate", "x-foo" })]
    [InlineData(" a ;p=\"x, y\" , b", new[] { "a", "b" })]
    [InlineData("a; p=\"escaped \\\" quote, still inside\", b", new[] { "a", "b" })]
    [InlineData("", new string[0])]
    [InlineData(" , ,", new string[0])]
    public void Names_ReadsTheFirstTokenOfEachElement(string header, string[] names)
    {
        Assert.Equal(names, ExtensionNegotiation.Names(header));
    }

    [Fact]
    public void Unoffered_NamesAcrossSeveralHeaderLines_AreAllChecked()
    {
        Assert.Null(ExtensionNegotiation.Unoffered(["a; p=1", "b"], ["b", "a; p=2"]));
        Assert.Equal("c", ExtensionNegotiation.Unoffered(["a", "b"], ["a", "c"]));
        Assert.Equal("A", ExtensionNegotiation.Unoffered(["a"], ["A"]));
    }
}
