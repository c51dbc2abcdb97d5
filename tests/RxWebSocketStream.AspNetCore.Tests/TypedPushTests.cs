using System.Reactive.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace RxWebSocketStream.AspNetCore.Tests;

/// <summary>The typed push overloads: each value goes out as one JSON text message (docs/server.md, "Pushing a feed").</summary>
public sealed class TypedPushTests
{
    private static readonly Tick[] Ticks = [new("ACME", 10.5m), new("INIT", 7m), new("ACME", 11m)];

    [Fact]
    public async Task PushTypedObservable_SourceGenerated_EachValueIsOneJsonTextMessageThen1000()
    {
        await using var server = await KestrelServer.StartAsync(app => app.MapWebSocketConnection(
            "/ticks",
            (WebSocketConnection _) => Ticks.ToObservable(),
            AppJson.Default.Tick));

        await AssertReceivesTicksThenCloseAsync(server);
    }

    [Fact]
    public async Task PushTypedAsyncEnumerable_SourceGenerated_EachValueIsOneJsonTextMessageThen1000()
    {
        await using var server = await KestrelServer.StartAsync(app => app.MapWebSocketConnection(
            "/ticks",
            (WebSocketConnection _) => Stream(Ticks),
            AppJson.Default.Tick));

        await AssertReceivesTicksThenCloseAsync(server);
    }

    [Fact]
    public async Task PushTypedObservable_Reflection_UsesTheGivenSerializerOptions()
    {
        var camel = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
        await using var server = await KestrelServer.StartAsync(app => app.MapWebSocketConnection(
            "/ticks",
            (WebSocketConnection _) => Ticks.Take(1).ToObservable(),
            camel));
        using var ws = await Clients.ConnectAsync(server.Ws("ticks"));

        Assert.Equal("""{"symbol":"ACME","price":10.5}""", await ws.ReceiveTextAsync());
        Assert.Equal(1000, (await ws.ReceiveCloseAsync()).Code);
    }

    [Fact]
    public async Task PushTypedAsyncEnumerable_Reflection_WithDefaultOptions()
    {
        await using var server = await KestrelServer.StartAsync(app => app.MapWebSocketConnection(
            "/ticks",
            (WebSocketConnection _) => Stream(Ticks),
            JsonSerializerOptions.Default));

        await AssertReceivesTicksThenCloseAsync(server);
    }

    [Fact]
    public async Task PushTypedObservable_ValueThatCannotBeSerialized_ClientGetsWhatCameBeforeThen1011AndTheErrorIsLogged()
    {
        var logs = new LogCapture();
        await using var server = await KestrelServer.StartAsync(
            app => app.MapWebSocketConnection(
                "/bad",
                (WebSocketConnection _) => new[] { new Exploding(false), new Exploding(true) }.ToObservable(),
                JsonSerializerOptions.Default),
            logs);
        using var ws = await Clients.ConnectAsync(server.Ws("bad"));

        Assert.Equal("""{"Value":1}""", await ws.ReceiveTextAsync());
        var (code, reason) = await ws.ReceiveCloseAsync();

        Assert.Equal(1011, code);
        Assert.Equal(string.Empty, reason);
        var entry = Assert.Single(logs.Entries, e => e.Category == "RxWebSocketStream.AspNetCore" && e.Level == LogLevel.Error);
        Assert.Equal("no value today", entry.Exception?.Message);
    }

    [Fact]
    public async Task DocSample_TypedFeed_PushesTheTicksAsJson()
    {
        await using var server = await KestrelServer.StartAsync(app => DocSamples.TypedFeed(app, Ticks.ToObservable()));
        using var ws = await Clients.ConnectAsync(server.Ws("ticks.json"));

        foreach (var expected in Ticks)
        {
            Assert.Equal(expected, JsonSerializer.Deserialize(await ws.ReceiveTextAsync(), AppJson.Default.Tick));
        }
    }

    [Fact]
    public async Task DocSample_Feed_PushesTheQueriedSymbolOnly()
    {
        await using var server = await KestrelServer.StartAsync(app => DocSamples.Feed(app, Ticks.ToObservable()));
        using var ws = await Clients.ConnectAsync(new Uri(server.Ws("ticks") + "?symbol=ACME"));

        Assert.Equal("ACME 10.5", await ws.ReceiveTextAsync());
        Assert.Equal("ACME 11", await ws.ReceiveTextAsync());
        Assert.Equal(1000, (await ws.ReceiveCloseAsync()).Code);
    }

    private static async Task AssertReceivesTicksThenCloseAsync(KestrelServer server)
    {
        using var ws = await Clients.ConnectAsync(server.Ws("ticks"));
        foreach (var expected in Ticks)
        {
            Assert.Equal(expected, JsonSerializer.Deserialize(await ws.ReceiveTextAsync(), AppJson.Default.Tick));
        }

        Assert.Equal(1000, (await ws.ReceiveCloseAsync()).Code);
    }

    private static async IAsyncEnumerable<Tick> Stream(IEnumerable<Tick> ticks, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var tick in ticks)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return tick;
        }
    }
}

public sealed record Tick(string Symbol, decimal Price);

/// <summary>A value whose serialization throws when asked to.</summary>
public sealed class Exploding(bool explode)
{
    public int Value => explode ? throw new InvalidOperationException("no value today") : 1;
}

[JsonSerializable(typeof(Tick))]
internal sealed partial class AppJson : JsonSerializerContext;
