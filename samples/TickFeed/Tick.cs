using System.Text.Json.Serialization;

namespace TickFeed;

/// A price tick as it travels over the wire: one JSON text message per tick.
public sealed record Tick(string Symbol, decimal Price, long Sequence);

/// The moving average of a symbol's last ticks.
public sealed record SymbolAverage(string Symbol, decimal Average);

// Source-generated JSON metadata: no reflection at run time, so the sample also works trimmed or AOT-compiled.
[JsonSerializable(typeof(Tick))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
public sealed partial class TickJson : JsonSerializerContext;
