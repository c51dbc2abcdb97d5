using Microsoft.AspNetCore.Builder;
using RxWebSocketStream.AspNetCore;

namespace RxWebSocketStream.FanOut.Benchmarks;

/// <summary>
/// This library: every connection joins <see cref="Broadcaster.All"/>; a broadcast is one <c>Send</c>. With
/// <paramref name="options"/>, one instance of several behind a backplane (<see cref="RxwsRedisTarget"/>).
/// </summary>
internal sealed class RxwsTarget(BroadcasterOptions? options = null) : IFanOutTarget
{
    private readonly Broadcaster _broadcaster = new(options);
    private WebApplication? _app;

    public string Name => "rxws";

    public string ClientKind => "rxws";

    public IReadOnlyList<Uri> ClientUrls { get; private set; } = [];

    /// <summary>Messages dropped for slow clients; the pacing keeps this at 0, and the report shows it.</summary>
    public long Dropped => _broadcaster.DroppedMessageCount;

    public async Task StartAsync()
    {
        var app = Servers.NewBuilder().Build();
        app.MapWebSocketConnection("/feed", connection =>
        {
            _broadcaster.All.Join(connection);
            connection.Subscribe(_ => { }, _ => { }); // reads, so that the server sees the client's close
        });
        await app.StartAsync();
        _app = app;
        ClientUrls = [Servers.Url(app, "/feed", "ws")];
    }

    public ValueTask BroadcastAsync(byte[] payload)
    {
        _broadcaster.All.Send(Message.FromBinary(payload));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _broadcaster.Dispose();
    }
}
