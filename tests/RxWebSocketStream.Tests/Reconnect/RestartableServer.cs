using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace RxWebSocketStream.Tests.Reconnect;

/// <summary>
/// A Kestrel server on 127.0.0.1 that can be started again on the same port. <c>/hello</c> greets each connection
/// with "hello {generation} attempt {the X-Attempt request header}" and then reads until the close; stopping the server aborts open WebSockets, as a
/// crashing or redeployed server drops its clients.
/// </summary>
internal sealed class RestartableServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RestartableServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public static async Task<RestartableServer> StartAsync(int port, int generation)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.UseWebSockets();
        var stopping = app.Lifetime.ApplicationStopping;
        app.Map("/hello", async context =>
        {
            if (stopping.IsCancellationRequested)
            {
                // Kestrel still accepts for a moment after ApplicationStopping: refuse the handshake, so that a
                // reconnect made then fails like one made after the stop, instead of opening and being aborted.
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var greeting = $"hello {generation} attempt {context.Request.Headers["X-Attempt"]}";
            await socket.SendAsync(Encoding.UTF8.GetBytes(greeting), WebSocketMessageType.Text, endOfMessage: true, stopping);
            var buffer = new byte[1024];
            try
            {
                while ((await socket.ReceiveAsync(buffer, stopping)).MessageType != WebSocketMessageType.Close)
                {
                }

                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            }
            catch (OperationCanceledException)
            {
                // The server is stopping: the socket is aborted, and the client sees the connection lost.
            }
        });
        await app.StartAsync();
        var chosen = new Uri(app.Urls.First()).Port;
        return new RestartableServer(app, chosen);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
