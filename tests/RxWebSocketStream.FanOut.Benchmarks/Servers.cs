using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace RxWebSocketStream.FanOut.Benchmarks;

/// <summary>A Kestrel on 127.0.0.1 with a free port and no logging, configured by the target.</summary>
internal static class Servers
{
    public static WebApplicationBuilder NewBuilder()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        return builder;
    }

    public static Uri Url(WebApplication app, string path, string scheme) =>
        new UriBuilder(app.Urls.First()) { Scheme = scheme, Path = path }.Uri;
}
