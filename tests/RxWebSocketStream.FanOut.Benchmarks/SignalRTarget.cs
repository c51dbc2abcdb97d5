using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;

namespace RxWebSocketStream.FanOut.Benchmarks;

/// <summary>
/// ASP.NET Core SignalR: a hub every client connects to; a broadcast is <c>Clients.All.SendAsync("m", payload)</c>.
/// With <paramref name="redis"/>, one instance of several behind SignalR's Redis backplane (<see cref="SignalRRedisTarget"/>).
/// </summary>
internal sealed class SignalRTarget(bool messagePack, string? redis = null) : IFanOutTarget
{
    private WebApplication? _app;
    private IHubContext<FeedHub>? _hub;

    public string Name => messagePack ? "signalr-msgpack" : "signalr-json";

    public string ClientKind => Name;

    public IReadOnlyList<Uri> ClientUrls { get; private set; } = [];

    public async Task StartAsync()
    {
        var builder = Servers.NewBuilder();
        var signalR = builder.Services.AddSignalR();
        if (messagePack)
        {
            signalR.AddMessagePackProtocol();
        }

        if (redis is not null)
        {
            signalR.AddStackExchangeRedis(redis);
        }

        var app = builder.Build();
        app.MapHub<FeedHub>("/feed");
        await app.StartAsync();
        _app = app;
        _hub = app.Services.GetRequiredService<IHubContext<FeedHub>>();
        ClientUrls = [Servers.Url(app, "/feed", "http")];
    }

    public ValueTask BroadcastAsync(byte[] payload) => new(_hub!.Clients.All.SendAsync("m", payload));

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}

/// <summary>The hub: nothing to call, it only broadcasts.</summary>
public sealed class FeedHub : Hub;
