using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace RxWebSocketStream.Tests.Server;

/// <summary>
/// The test server's WebSocket endpoints, in the spirit of the WHATWG WebSocket test handlers. Each logs
/// what it received under the request's <c>id</c>; endpoints that hold wait for <see cref="ServerLog.Release"/>,
/// never for a timer. Any other path is a 404.
/// </summary>
internal static class Endpoints
{
    public static void Map(WebApplication app, TestServer server)
    {
        // Echoes every message; answers the client's close with the same code and reason.
        app.Map("/echo", context => Accept(context, server, static (socket, log, ct) => EchoAsync(socket, log, ct)));

        // Echoes like /echo, with a 4 KiB buffer instead of 1 MiB: for tests that open thousands of
        // connections, where allocating /echo's buffer for each would be most of the cost.
        app.Map("/echo-small", context => Accept(context, server, static (socket, log, ct) => EchoAsync(socket, log, ct, bufferSize: 4096)));

        // Sends ?send=a,b as text messages at once, then echoes like /echo.
        app.Map("/send", context => Accept(context, server, async (socket, log, ct) =>
        {
            foreach (var text in Texts(context))
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, ct);
            }

            log.OnSentAll();
            await EchoAsync(socket, log, ct);
        }));

        // Holds the 101 response until the test releases it (or the client gives up), then echoes.
        app.Map("/held", context => Accept(context, server, static (socket, log, ct) => EchoAsync(socket, log, ct), holdHandshake: true));

        // Selects the sub-protocol ?pick= (whether offered or not; none when empty), then echoes.
        app.Map("/protocol", context => Accept(
            context,
            server,
            static (socket, log, ct) => EchoAsync(socket, log, ct),
            subProtocol: context.Request.Query["pick"].ToString() is { Length: > 0 } pick ? pick : null));

        // Echoes, but answers the client's close only when the test releases it.
        app.Map("/close-held", context => Accept(context, server, static (socket, log, ct) => EchoAsync(socket, log, ct, holdCloseAnswer: true)));

        // Drops the TCP connection as soon as the client's close frame arrives.
        app.Map("/close-drop", context => Accept(context, server, async (socket, log, ct) =>
        {
            var buffer = new byte[1 << 16];
            while (true)
            {
                var (type, count, close) = await ReceiveWholeAsync(socket, buffer, ct);
                if (close)
                {
                    log.OnClose((int?)socket.CloseStatus, socket.CloseStatusDescription);
                    context.Abort();
                    return;
                }

                log.OnMessage(type, buffer.AsSpan(0, count));
            }
        }));

        // Never answers a close frame: reads until the client gives up.
        app.Map("/no-close-answer", context => Accept(context, server, static async (socket, log, ct) =>
        {
            var buffer = new byte[1024];
            while (true)
            {
                var (_, _, close) = await ReceiveWholeAsync(socket, buffer, ct);
                if (close)
                {
                    log.OnClose((int?)socket.CloseStatus, socket.CloseStatusDescription);
                    await ct.WhenCancelled();
                    return;
                }
            }
        }));

        // Never reads: once released by the test, drops the TCP connection.
        app.Map("/stop-reading", context => Accept(context, server, async (_, log, ct) =>
        {
            await log.WaitForReleaseAsync(ct);
            context.Abort();
        }));

        // Reads nothing until the test releases it (our sends back up through TCP), then logs every message
        // without echoing (a client that is not reading must not stall it) and answers the close like /echo.
        app.Map("/read-when-released", context => Accept(context, server, static async (socket, log, ct) =>
        {
            await log.WaitForReleaseAsync(ct);
            await EchoAsync(socket, log, ct, echo: false);
        }));

        // Sends ?count= binary messages of ?size= bytes as fast as the client lets it (each starts with its
        // index, 4 bytes big-endian), counting completed sends, then echoes like /echo.
        app.Map("/flood", context => Accept(context, server, async (socket, log, ct) =>
        {
            var count = IntQuery(context, "count");
            var payload = new byte[IntQuery(context, "size")];
            for (var i = 0; i < count; i++)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(payload, i);
                var send = socket.SendAsync(payload.AsMemory(), WebSocketMessageType.Binary, true, ct);
                if (!send.IsCompleted)
                {
                    log.OnSendBlocked();
                }

                await send;
                log.OnSent();
            }

            log.OnSentAll();
            await EchoAsync(socket, log, ct);
        }));

        MapRaw(app, server);
    }

    /// <summary>Endpoints that write frames by hand over the upgraded stream: what the BCL will not send.</summary>
    private static void MapRaw(WebApplication app, TestServer server)
    {
        // Sends ?send=a,b, then a close frame with ?code= and ?reason= (an empty body when there is no code),
        // then logs the raw close frame the client answers with.
        app.Map("/remote-close", context => AcceptRaw(context, server, async (stream, log, ct) =>
        {
            foreach (var text in Texts(context))
            {
                await Frames.WriteAsync(stream, Opcode.Text, Encoding.UTF8.GetBytes(text), ct: ct);
            }

            var code = context.Request.Query["code"].ToString();
            var body = code.Length == 0 ? [] : Frames.CloseBody(int.Parse(code, CultureInfo.InvariantCulture), context.Request.Query["reason"].ToString());
            await Frames.WriteAsync(stream, Opcode.Close, body, ct: ct);
            log.OnSentAll();
            await LogRawCloseAsync(stream, log, ct);
        }));

        // Sends a ping, logs the pong, then drops the TCP connection.
        app.Map("/drop-after-ping", context => AcceptRaw(context, server, async (stream, log, ct) =>
        {
            await Frames.WriteAsync(stream, Opcode.Ping, "are you there"u8.ToArray(), ct: ct);
            if (await Frames.ReadAsync(stream, ct) is { Opcode: Opcode.Pong } pong)
            {
                log.OnPong(pong.Payload);
            }

            context.Abort();
        }));

        // Sends the text message "hello", then drops the TCP connection when the test releases it.
        app.Map("/drop-after-message", context => AcceptRaw(context, server, async (stream, log, ct) =>
        {
            await Frames.WriteAsync(stream, Opcode.Text, "hello"u8.ToArray(), ct: ct);
            log.OnSentAll();
            await log.WaitForReleaseAsync(ct);
            context.Abort();
        }));

        // Sends the first fragment of a text message, then drops the TCP connection.
        app.Map("/drop-mid-message", context => AcceptRaw(context, server, async (stream, log, ct) =>
        {
            await Frames.WriteAsync(stream, Opcode.Text, "hel"u8.ToArray(), fin: false, ct: ct);
            log.OnSentAll();
            context.Abort();
        }));
    }

    /// <summary>Logs (and unless told otherwise echoes) every message; answers the close with its code and reason.</summary>
    private static async Task EchoAsync(WebSocket socket, ServerLog log, CancellationToken ct, bool holdCloseAnswer = false, bool echo = true, int bufferSize = 1 << 20)
    {
        var buffer = new byte[bufferSize];
        while (true)
        {
            var (type, count, close) = await ReceiveWholeAsync(socket, buffer, ct);
            if (close)
            {
                log.OnClose((int?)socket.CloseStatus, socket.CloseStatusDescription);
                if (holdCloseAnswer)
                {
                    await log.WaitForReleaseAsync(ct);
                }

                await socket.CloseOutputAsync(socket.CloseStatus ?? WebSocketCloseStatus.Empty, socket.CloseStatusDescription, ct);
                return;
            }

            log.OnMessage(type, buffer.AsSpan(0, count));
            if (echo)
            {
                await socket.SendAsync(buffer.AsMemory(0, count), type, true, ct);
            }
        }
    }

    private static async Task LogRawCloseAsync(Stream stream, ServerLog log, CancellationToken ct)
    {
        while (await Frames.ReadAsync(stream, ct) is { } frame)
        {
            switch (frame.Opcode)
            {
                case Opcode.Close:
                    log.OnClosePayload(frame.Payload);
                    return;
                case Opcode.Text:
                    log.OnMessage(WebSocketMessageType.Text, frame.Payload);
                    break;
                case Opcode.Binary:
                    log.OnMessage(WebSocketMessageType.Binary, frame.Payload);
                    break;
            }
        }
    }

    private static async Task Accept(
        HttpContext context,
        TestServer server,
        Func<WebSocket, ServerLog, CancellationToken, Task> handler,
        bool holdHandshake = false,
        string? subProtocol = null)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var log = LogOf(context, server);
        try
        {
            if (holdHandshake)
            {
                await log.WaitForReleaseAsync(context.RequestAborted);
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync(subProtocol);
            log.OnAccepted();
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

    /// <summary>Does the upgrade by hand and hands the raw stream to the handler.</summary>
    private static async Task AcceptRaw(HttpContext context, TestServer server, Func<Stream, ServerLog, CancellationToken, Task> handler)
    {
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        var key = context.Request.Headers.SecWebSocketKey.ToString();
        if (upgrade is not { IsUpgradableRequest: true } || key.Length == 0)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var log = LogOf(context, server);
        try
        {
            context.Response.Headers.Connection = "Upgrade";
            context.Response.Headers.Upgrade = "websocket";
            context.Response.Headers.SecWebSocketAccept = Frames.AcceptKey(key);
            await using var stream = await upgrade.UpgradeAsync();
            log.OnAccepted();
            await handler(stream, log, context.RequestAborted);
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
        }
        catch (IOException)
        {
        }
        finally
        {
            log.OnEnded();
        }
    }

    private static ServerLog LogOf(HttpContext context, TestServer server) =>
        server.Log(context.Request.Query["id"].ToString() is { Length: > 0 } id ? id : Guid.NewGuid().ToString());

    private static string[] Texts(HttpContext context) =>
        context.Request.Query["send"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries);

    private static int IntQuery(HttpContext context, string name) =>
        int.Parse(context.Request.Query[name].ToString(), CultureInfo.InvariantCulture);

    /// <summary>Waits, without a timer, until the token is cancelled (the client dropped the connection).</summary>
    internal static async Task WhenCancelled(this CancellationToken ct)
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (ct.Register(() => cancelled.TrySetResult()))
        {
            await cancelled.Task;
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
