using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace RxWebSocketStream.AspNetCore.Tests;

/// <summary>
/// A real Kestrel server on 127.0.0.1 with a free port, one per test, configured by the test: what the
/// docs show is exactly what runs here.
/// </summary>
internal sealed class KestrelServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private bool _stopped;

    private KestrelServer(WebApplication app, Uri baseUrl)
    {
        _app = app;
        HttpBase = baseUrl;
    }

    /// <summary>Gets the server's http:// base address, ending in a slash.</summary>
    public Uri HttpBase { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<KestrelServer> StartAsync(Action<WebApplication> configure, ILoggerProvider? logs = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        configure(app);
        await app.StartAsync().ConfigureAwait(false);
        return new KestrelServer(app, new Uri(app.Urls.First() + "/"));
    }

    /// <summary>The ws:// address of <paramref name="path"/>.</summary>
    public Uri Ws(string path) => new UriBuilder(new Uri(HttpBase, path)) { Scheme = "ws" }.Uri;

    /// <summary>The http:// address of <paramref name="path"/>.</summary>
    public Uri Http(string path) => new(HttpBase, path);

    /// <summary>Stops the host as Ctrl+C would: ApplicationStopping first, then Kestrel.</summary>
    public Task StopAsync()
    {
        _stopped = true;
        return _app.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            await _app.StopAsync().ConfigureAwait(false);
        }

        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
