namespace RxWebSocketStream.FanOut.Benchmarks;

/// <summary>Every target the benchmark knows, by name.</summary>
internal static class Targets
{
    public static readonly IReadOnlyList<string> Names = ["rxws", "signalr-json", "signalr-msgpack", "rxws-redis", "signalr-json-redis", "signalr-msgpack-redis"];

    public static IFanOutTarget Create(string name) => name switch
    {
        "rxws" => new RxwsTarget(),
        "signalr-json" => new SignalRTarget(messagePack: false),
        "signalr-msgpack" => new SignalRTarget(messagePack: true),
        "rxws-redis" => new RxwsRedisTarget(),
        "signalr-json-redis" => new SignalRRedisTarget(messagePack: false),
        "signalr-msgpack-redis" => new SignalRRedisTarget(messagePack: true),
        _ => throw new ArgumentException($"Unknown target \"{name}\"; known: {string.Join(", ", Names)}.", nameof(name)),
    };
}
