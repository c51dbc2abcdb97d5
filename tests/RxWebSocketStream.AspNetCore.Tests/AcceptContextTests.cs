using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace RxWebSocketStream.AspNetCore.Tests;

/// <summary>What reaches ASP.NET Core's <see cref="WebSocketAcceptContext"/>, seen through a recording WebSocket feature.</summary>
public sealed class AcceptContextTests
{
    [Fact]
    public async Task AcceptWebSocketConnectionAsync_Options_PassedToTheAcceptContext()
    {
        var feature = new RecordingFeature();
        var context = Request(feature, "json, chat.v1");

        await using var connection = await context.AcceptWebSocketConnectionAsync(new WebSocketServerOptions
        {
            SubProtocols = ["chat.v1", "json"],
            KeepAliveInterval = TimeSpan.FromSeconds(15),
            KeepAliveTimeout = TimeSpan.FromSeconds(5),
            EnableCompression = true,
        });

        var accepted = Assert.Single(feature.Accepted);
        Assert.Equal("chat.v1", accepted.SubProtocol);
        Assert.Equal(TimeSpan.FromSeconds(15), accepted.KeepAliveInterval);
        Assert.Equal(TimeSpan.FromSeconds(5), accepted.KeepAliveTimeout);
        Assert.True(accepted.DangerousEnableCompression);
        Assert.True(connection.Opened.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task AcceptWebSocketConnectionAsync_Defaults_LeaveAspNetCoreDefaults()
    {
        var feature = new RecordingFeature();

        await using var connection = await Request(feature).AcceptWebSocketConnectionAsync();

        var accepted = Assert.Single(feature.Accepted);
        Assert.Null(accepted.SubProtocol);
        Assert.Null(accepted.KeepAliveInterval);
        Assert.Null(accepted.KeepAliveTimeout);
        Assert.False(accepted.DangerousEnableCompression);
    }

    [Fact]
    public void AcceptWebSocketConnectionAsync_BothSubProtocolsAndCallback_ThrowsSynchronouslyBeforeAnything()
    {
        var feature = new RecordingFeature();

        // The Action overload: the exception must come from the call itself, not from the task it returns.
        var e = Assert.Throws<ArgumentException>(() =>
        {
            _ = Request(feature).AcceptWebSocketConnectionAsync(new WebSocketServerOptions
            {
                SubProtocols = ["a"],
                SelectSubProtocol = _ => "a",
            });
        });

        Assert.Equal("options", e.ParamName);
        Assert.Empty(feature.Accepted);
    }

    [Fact]
    public void AcceptWebSocketConnectionAsync_NullContext_ThrowsSynchronously()
    {
        Assert.Throws<ArgumentNullException>(() => { _ = ((HttpContext)null!).AcceptWebSocketConnectionAsync(); });
    }

    [Fact]
    public async Task AcceptWebSocketConnectionAsync_NotAWebSocketRequest_Writes400AndThrowsBadHttpRequest()
    {
        var context = new DefaultHttpContext();
        context.Request.Path = "/feed";
        context.Response.Body = new MemoryStream();

        var e = await Assert.ThrowsAsync<BadHttpRequestException>(() => context.AcceptWebSocketConnectionAsync());

        Assert.Equal(400, e.StatusCode);
        Assert.Equal(400, context.Response.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", context.Response.ContentType);
        Assert.StartsWith("/feed is a WebSocket endpoint", System.Text.Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray()), StringComparison.Ordinal);
    }

    private static DefaultHttpContext Request(RecordingFeature feature, string? protocols = null)
    {
        var context = new DefaultHttpContext();
        context.Features.Set<IHttpWebSocketFeature>(feature);
        if (protocols is not null)
        {
            context.Request.Headers.SecWebSocketProtocol = protocols;
        }

        return context;
    }

    private sealed class RecordingFeature : IHttpWebSocketFeature
    {
        public List<WebSocketAcceptContext> Accepted { get; } = [];

        public bool IsWebSocketRequest => true;

        public Task<WebSocket> AcceptAsync(WebSocketAcceptContext context)
        {
            Accepted.Add(context);
            return Task.FromResult(WebSocket.CreateFromStream(Stream.Null, isServer: true, subProtocol: context.SubProtocol, keepAliveInterval: Timeout.InfiniteTimeSpan));
        }
    }
}
