using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RxWebSocketStream.AspNetCore;
using RxWebSocketStream.AspNetCore.Tests;

namespace RxWebSocketStream.Hosting.Tests;

/// <summary>
/// <c>MapWebSocketConnection</c> with named server options bound from configuration: they apply to the connections a
/// real Kestrel accepts, and a refused value stops the start naming its key (docs/hosting.md, "Server options from configuration").
/// </summary>
public sealed class ServerOptionsFromConfigurationTests
{
    [Fact]
    public async Task ConfiguredSubProtocolsAndCloseInfo_ApplyToAcceptedConnections()
    {
        await using var app = Server(new()
        {
            ["WebSocketServers:chat:SubProtocols:0"] = "v2",
            ["WebSocketServers:chat:SubProtocols:1"] = "v1",
            ["WebSocketServers:chat:Connection:UnsubscribeCloseInfo:Code"] = "4100",
            ["WebSocketServers:chat:Connection:UnsubscribeCloseInfo:Reason"] = "handler unsubscribed",
        });
        // The handler subscribes and unsubscribes at once: the connection closes with the configured close info.
        app.MapWebSocketConnection("/chat", connection => connection.Subscribe(_ => { }).Dispose(), "chat");
        await app.StartAsync().Within();

        using var client = WebSocketConnection.Connect(Ws(app, "chat"), new WebSocketConnectionOptions { Protocols = ["v1", "v2"] });

        Assert.Equal("v2", (await client.Opened.Within()).Protocol);
        Assert.Equal(new WebSocketCloseInfo(4100, "handler unsubscribed"), await client.Closed.Within());
    }

    [Fact]
    public async Task StartAsync_ARefusedValue_FailsNamingTheKeyTheValueAndTheLimit()
    {
        await using var app = Server(new() { ["WebSocketServers:chat:KeepAliveInterval"] = "-00:00:02" });
        app.MapWebSocketConnection("/chat", connection => connection.Subscribe(connection.Sink), "chat");

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Configuration key 'WebSocketServers:chat:KeepAliveInterval' has the value '-00:00:02', which is refused: KeepAliveInterval is -00:00:02; it must be zero (no pings), positive, or Timeout.InfiniteTimeSpan.", e.Message, StringComparison.Ordinal);
    }

    private static WebApplication Server(Dictionary<string, string?> values)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(values);
        builder.Services.AddWebSocketServerOptions("chat", builder.Configuration.GetSection("WebSocketServers:chat"));
        return builder.Build();
    }

    private static Uri Ws(WebApplication app, string path) =>
        new UriBuilder(new Uri(new Uri(app.Urls.First() + "/"), path)) { Scheme = "ws" }.Uri;
}
