using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using RxWebSocketStream.AspNetCore;

namespace StatusBar;

/// A chat server as small as they come: it sends every message back. The handler returns the connection itself
/// as the feed, so what the client says is what it hears.
public static class EchoServer
{
    public static WebApplication Create()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        var app = builder.Build();
        app.UseWebSockets();
        app.MapWebSocketConnection("/chat", connection => connection);
        return app;
    }

    public static Uri ChatUrl(WebApplication app) =>
        new(app.Urls.First().Replace("http", "ws", StringComparison.Ordinal) + "/chat");
}
