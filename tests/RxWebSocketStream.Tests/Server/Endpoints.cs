using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace RxWebSocketStream.Tests.Server;

/// <summary>The test server's WebSocket endpoints.</summary>
internal static class Endpoints
{
    public static void Map(WebApplication app, TestServer server)
    {
        // Echoes every message; answers the client's close with the same code and reason.
        app.Map("/echo", context => Accept(context, server, static async (socket, log, ct) =>
        {
            var buffer = new byte[1 << 20];
            while (true)
            {
                var (type, count, close) = await ReceiveWholeAsync(socket, buffer, ct);
                if (close)
                {
                    log.OnClose((int?)socket.CloseStatus, socket.CloseStatusDescription);
                    await socket.CloseOutputAsync(socket.CloseStatus ?? WebSocketCloseStatus.Empty, socket.CloseStatusDescription, ct);
                    return;
                }

                log.OnMessage(type, buffer.AsSpan(0, count));
                await socket.SendAsync(buffer.AsMemory(0, count), type, true, ct);
            }
        }));

        // Sends the messages given in the query (?send=a,b), then closes with ?code= and ?reason=.
        app.Map("/remote-close", context => Accept(context, server, async (socket, log, ct) =>
        {
            foreach (var text in (context.Request.Query["send"].ToString() ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                await socket.SendAsync(System.Text.Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, ct);
            }

            var code = int.Parse(context.Request.Query["code"].ToString() is { Length: > 0 } c ? c : "1000", System.Globalization.CultureInfo.InvariantCulture);
            await socket.CloseOutputAsync((WebSocketCloseStatus)code, context.Request.Query["reason"].ToString(), ct);
            var buffer = new byte[1024];
            var (_, _, close) = await ReceiveWholeAsync(socket, buffer, ct);
            if (close)
            {
                log.OnClose((int?)socket.CloseStatus, socket.CloseStatusDescription);
            }
        }));

        // Never answers a close frame: reads until the client gives up.
        app.Map("/no-close-answer", context => Accept(context, server, static async (socket, log, ct) =>
        {
            var buffer = new byte[1024];
            try
            {
                while (true)
                {
                    var (_, _, close) = await ReceiveWholeAsync(socket, buffer, ct);
                    if (close)
                    {
                        log.OnClose((int?)socket.CloseStatus, socket.CloseStatusDescription);
                        await WaitUntilAbortedAsync(ct);
                        return;
                    }
                }
            }
            catch (Exception) when (ct.IsCancellationRequested)
            {
            }
        }));
    }

    private static async Task Accept(HttpContext context, TestServer server, Func<WebSocket, ServerLog, CancellationToken, Task> handler)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var log = server.Log(context.Request.Query["id"].ToString() is { Length: > 0 } id ? id : Guid.NewGuid().ToString());
        try
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await handler(socket, log, context.RequestAborted);
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; the log says what arrived before that.
        }
        catch (WebSocketException)
        {
        }
        finally
        {
            log.OnEnded();
        }
    }

    /// <summary>Waits, without a timer, until the client drops the connection.</summary>
    internal static async Task WaitUntilAbortedAsync(CancellationToken ct)
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (ct.Register(() => aborted.TrySetResult()))
        {
            await aborted.Task;
        }
    }

    internal static async Task<(WebSocketMessageType Type, int Count, bool Close)> ReceiveWholeAsync(WebSocket socket, byte[] buffer, CancellationToken ct)
    {
        var count = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(count), ct);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (result.MessageType, 0, true);
            }

            count += result.Count;
            if (result.EndOfMessage)
            {
                return (result.MessageType, count, false);
            }
        }
    }
}
