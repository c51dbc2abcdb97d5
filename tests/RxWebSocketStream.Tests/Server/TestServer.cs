using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace RxWebSocketStream.Tests.Server;

/// <summary>
/// A real Kestrel server on 127.0.0.1 (free port) with endpoints in the spirit of the WHATWG WebSocket
/// test handlers. What the server received (messages, close frames) is logged per request id, so tests
/// assert what our side put on the wire.
/// </summary>
public sealed class TestServer : IAsyncLifetime
{
    private WebApplication? _app;

    /// <summary>What each connection's server side saw, by the <c>id</c> query parameter.</summary>
    public ConcurrentDictionary<string, ServerLog> Logs { get; } = new();

    public Uri BaseUrl { get; private set; } = null!;

    public Uri Url(string path, string? id = null) =>
        new(BaseUrl, id is null ? path : $"{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}id={id}");

    /// <summary>The log of connection <paramref name="id"/>, created on first use by either side.</summary>
    public ServerLog Log(string id) => Logs.GetOrAdd(id, _ => new ServerLog());

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.UseWebSockets();
        Endpoints.Map(_app, this);
        await _app.StartAsync().ConfigureAwait(false);
        BaseUrl = new Uri(_app.Urls.First().Replace("http://", "ws://", StringComparison.Ordinal) + "/");
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}

/// <summary>What the server side of one connection received, and when it ended.</summary>
public sealed class ServerLog
{
    private readonly TaskCompletionSource<(int? Code, string? Reason)> _closeReceived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<Message> Received { get; } = new();

    /// <summary>The close frame the server received from our side.</summary>
    public Task<(int? Code, string? Reason)> CloseReceived => _closeReceived.Task;

    /// <summary>Completes when the server's handler has finished with the connection.</summary>
    public Task Ended => _ended.Task;

    internal void OnMessage(WebSocketMessageType type, ReadOnlySpan<byte> payload) =>
        Received.Enqueue(type == WebSocketMessageType.Text ? Message.FromText(Encoding.UTF8.GetString(payload)) : Message.FromBinary(payload.ToArray()));

    internal void OnClose(int? code, string? reason) => _closeReceived.TrySetResult((code, reason));

    internal void OnEnded() => _ended.TrySetResult();
}
