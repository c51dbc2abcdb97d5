using System.Net;
using Microsoft.AspNetCore.Builder;
using Rxws.Hosting;
using Rxws.Output;
using RxWebSocketStream;
using RxWebSocketStream.AspNetCore;

namespace Rxws.Serve;

/// <summary>
/// One run of <c>rxws serve</c>: listen, report each connection's events numbered from 1, and on shutdown
/// close every open connection with 1001 going away (the server package aborts a peer that does not answer
/// within the close timeout), then return 0.
/// </summary>
internal static class ServeSession
{
    /// <exception cref="ArgumentException">A sub-protocol is not an RFC 7230 token, or is repeated (checked before listening).</exception>
    public static async Task<int> RunAsync(ServeSettings settings, IEventWriter events, TextWriter error, CancellationToken shutdown)
    {
        var options = new WebSocketServerOptions { SubProtocols = settings.Protocols };
        await using var app = ToolWebHost.Create(settings.Address, settings.Port);
        var connections = 0;
        app.MapWebSocketConnection(
            "/{**path}",
            (connection, _) => HandleAsync(connection, Interlocked.Increment(ref connections), settings.Mode, events),
            options);

        try
        {
            await app.StartAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            // Address in use, or not an address of this machine.
            await error.WriteLineAsync($"rxws serve: cannot listen on {new IPEndPoint(settings.Address, settings.Port)}: {e.Message.ReplaceLineEndings(" ")}").ConfigureAwait(false);
            return ExitCodes.ConnectionFailed;
        }

        events.Listening(ToolWebHost.ListeningUrl(app));

        var stopRequested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (shutdown.Register(static state => ((TaskCompletionSource)state!).TrySetResult(), stopRequested))
        {
            await stopRequested.Task.ConfigureAwait(false);
        }

        // Stopping closes every open connection with 1001 and waits for each request, which lasts until its
        // connection's close handshake ends or its close timeout aborts it.
        await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static async Task HandleAsync(WebSocketConnection connection, int number, ServeMode mode, IEventWriter events)
    {
        // A server connection wraps an accepted socket: Opened is already complete.
        events.Open(number, await connection.Opened.ConfigureAwait(false));
        using var subscription = connection.Subscribe(
            message =>
            {
                events.Message(number, message);
                if (mode == ServeMode.Echo)
                {
                    connection.Sink.OnNext(message);
                }
            },
            static _ => { },
            static () => { });

        // The library answers a client's close with the client's code and reason.
        var outcome = await CloseOutcome.OfAsync(connection).ConfigureAwait(false);
        if (outcome.Error is { } why)
        {
            events.Error(number, why);
        }

        events.Closed(number, outcome);
    }
}
