using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Rxws.Hosting;
using RxWebSocketStream;
using RxWebSocketStream.AspNetCore;

namespace Rxws.Soak;

/// <summary>
/// The embedded echo server: Kestrel on a free port of 127.0.0.1, the library on the server side too, each
/// message sent back through the connection's sink, as in the demo. Given an abort plan, it aborts the
/// request (Kestrel drops the TCP connection) when an abort-point message arrives, before echoing it: the
/// client library learns of it only from its own failing reads and writes.
/// </summary>
internal sealed class SoakServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SoakServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    /// <param name="plan">The abort points, or <see langword="null"/> for a server that only echoes.</param>
    /// <param name="cancellationToken">Stops the start.</param>
    public static async Task<SoakServer> StartAsync(AbortPlan? plan, CancellationToken cancellationToken)
    {
        var app = ToolWebHost.Create(IPAddress.Loopback, 0);
        app.MapWebSocketConnection("/soak", (connection, context) =>
        {
            connection.Subscribe(new AbortingEcho(connection, context, plan));
            return Task.CompletedTask;
        });
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return new SoakServer(app, new Uri(ToolWebHost.ListeningUrl(app), "soak"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Echoes each message, or drops the whole connection at an abort point.</summary>
    private sealed class AbortingEcho(WebSocketConnection connection, HttpContext context, AbortPlan? plan) : IObserver<Message>
    {
        private bool _aborted;

        public void OnNext(Message value)
        {
            if (_aborted)
            {
                // Messages the socket had already buffered: the connection is gone, there is no one to echo to.
                return;
            }

            if (plan?.IsAbortPoint(SoakPayload.Read(value.Data.Span, WebSocketMessageType.Binary)) == true)
            {
                _aborted = true;
                context.Abort();
                return;
            }

            connection.Sink.OnNext(value);
        }

        // The library answers the client's close by itself; an aborted connection has nothing left to do.
        public void OnError(Exception error)
        {
        }

        public void OnCompleted()
        {
        }
    }
}
