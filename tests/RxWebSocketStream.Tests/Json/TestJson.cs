using System.Text.Json.Serialization;

namespace RxWebSocketStream.Tests.Json;

/// <summary>A small market-data value, as a JSON feed would carry it.</summary>
public sealed record Tick(string Symbol, decimal Price);

/// <summary>The tests' source-generated contracts: the trim- and AOT-safe way to use typed messages.</summary>
[JsonSerializable(typeof(Tick))]
[JsonSerializable(typeof(int?))]
[JsonSerializable(typeof(int[]))]
internal sealed partial class TestJson : JsonSerializerContext;
