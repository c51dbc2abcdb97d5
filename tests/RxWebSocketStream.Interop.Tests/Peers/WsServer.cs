using System.Text.Json;

namespace RxWebSocketStream.Interop.Tests.Peers;

/// <summary>
/// Node's ws as a server: tests/interop/node/server.mjs in its own process, shared by a test class (starting
/// node takes about half a second here). Each test tags its connection with a unique <c>id</c> in the URL
/// and reads only that connection's events.
/// </summary>
public sealed class WsServer : IAsyncDisposable
{
    private WsServer(JsonLinesProcess process, int port)
    {
        Process = process;
        Port = port;
    }

    public JsonLinesProcess Process { get; }

    public int Port { get; }

    public static async Task<WsServer> StartAsync()
    {
        var process = JsonLinesProcess.StartNode("server.mjs");
        try
        {
            var listening = await process.WaitForAsync("listening");
            return new WsServer(process, listening.Int("port")!.Value);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>The ws:// address of a path and query on this server (see server.mjs), tagged with <paramref name="id"/>.</summary>
    public Uri Url(string pathAndQuery, string id) =>
        new($"ws://127.0.0.1:{Port}{pathAndQuery}{(pathAndQuery.Contains('?', StringComparison.Ordinal) ? '&' : '?')}id={Uri.EscapeDataString(id)}");

    /// <summary>Waits for the first event named <paramref name="name"/> of connection <paramref name="id"/>.</summary>
    public Task<JsonElement> WaitForAsync(string id, string name) =>
        Process.WaitForAsync(name, e => e.Str("id") == id);

    /// <summary>Waits for <paramref name="count"/> events named <paramref name="name"/> of connection <paramref name="id"/>.</summary>
    public Task<IReadOnlyList<JsonElement>> WaitForCountAsync(string id, string name, int count) =>
        Process.WaitForCountAsync(name, count, e => e.Str("id") == id);

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}

/// <summary>
/// One ws server per test class, started on first use (so a skipped test never starts it, and in CI a
/// missing peer fails the test that asked for it).
/// </summary>
public sealed class WsServerFixture : IAsyncLifetime
{
    private readonly object _gate = new();
    private Task<WsServer>? _server;

    public Task<WsServer> GetAsync()
    {
        lock (_gate)
        {
            // A failed start is not cached: each test reports the failure itself.
            if (_server is null || _server.IsFaulted)
            {
                _server = WsServer.StartAsync();
            }

            return _server;
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_server is { IsCompletedSuccessfully: true } started)
        {
            await started.Result.DisposeAsync();
        }
    }
}
