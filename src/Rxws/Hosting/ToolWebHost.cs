using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Rxws.Hosting;

/// <summary>
/// The Kestrel host behind <c>serve</c> and the demo: one address and port, no logging on stdout (stdout
/// carries the events), and no console lifetime (signals are handled by <c>Program</c>, so a test that runs
/// the tool in-process does not hand its own SIGTERM to the tool).
/// </summary>
internal static class ToolWebHost
{
    public static WebApplication Create(IPAddress address, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, ManualLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(address, port));
        return builder.Build();
    }

    /// <summary>The ws:// URL the started application listens at, with the port Kestrel chose for port 0.</summary>
    public static Uri ListeningUrl(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var http = new Uri(address);
        return new UriBuilder("ws", http.Host, http.Port, "/").Uri;
    }

    /// <summary>An <see cref="IHostLifetime"/> that waits for nothing: the tool starts and stops the host itself.</summary>
    private sealed class ManualLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
