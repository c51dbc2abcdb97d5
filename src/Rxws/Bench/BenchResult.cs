namespace Rxws.Bench;

/// <summary>
/// One line of a bench report: one library variant of one scenario against its raw
/// <see cref="System.Net.WebSockets.ClientWebSocket"/> baseline, measured in the same run.
/// </summary>
/// <param name="Scenario">receive, send, echo, connect or idle.</param>
/// <param name="Variant">
/// The path measured: the library's (subscribe, read_all, send_async, sink, connect), or another client's measured
/// against the same baseline: raw_copy (the raw loop copying each message into its own array) and websocket_client
/// (Websocket.Client; websocket_client_queued for its queued <c>Send</c>).
/// </param>
internal abstract record BenchResult(string Scenario, string Variant);

/// <summary>
/// Messages (or connections) per second: receive, send, connect. <c>Ratio</c> is the median over rounds of
/// library rate / baseline rate in the same round (higher is better). <c>AllocatedBytesPerOperation</c> is the
/// median over rounds of (bytes allocated process-wide during the library run − during the baseline run) / N:
/// what the library allocates per message beyond the raw loop, received payload arrays included.
/// </summary>
/// <param name="Scenario">The scenario.</param>
/// <param name="Variant">The library path.</param>
/// <param name="Size">Payload bytes per message.</param>
/// <param name="BaselinePerSecond">Median rate of the raw baseline over the measured rounds.</param>
/// <param name="LibraryPerSecond">Median rate of the library variant.</param>
/// <param name="Ratio">Median of the per-round ratios library/baseline.</param>
/// <param name="AllocatedBytesPerOperation">Median extra bytes allocated per message (or connection) by the library.</param>
/// <param name="RatioToRawCopy">
/// For a library variant of a scenario with a "raw + copy" baseline: the median of the per-round ratios
/// library / (raw + copy), how close the library comes to the floor for owned payloads; otherwise null.
/// </param>
internal sealed record ThroughputResult(
    string Scenario,
    string Variant,
    int Size,
    double BaselinePerSecond,
    double LibraryPerSecond,
    double Ratio,
    double AllocatedBytesPerOperation,
    double? RatioToRawCopy = null) : BenchResult(Scenario, Variant);

/// <summary>Round-trip latency: echo. Each side's p50 and p99 are per round, then the median over rounds.</summary>
/// <param name="Scenario">The scenario.</param>
/// <param name="Variant">The library path.</param>
/// <param name="Size">Payload bytes per message.</param>
/// <param name="BaselineP50Microseconds">Median over rounds of the raw baseline's p50.</param>
/// <param name="LibraryP50Microseconds">Median over rounds of the library's p50.</param>
/// <param name="BaselineP99Microseconds">Median over rounds of the raw baseline's p99.</param>
/// <param name="LibraryP99Microseconds">Median over rounds of the library's p99.</param>
/// <param name="Ratio">Median over rounds of baseline p50 / library p50 in the same round; higher is better.</param>
/// <param name="AllocatedBytesPerOperation">As in <see cref="ThroughputResult"/>, per round trip.</param>
/// <param name="RatioToRawCopy">For a library variant: median over rounds of (raw + copy) p50 / library p50; otherwise null.</param>
internal sealed record LatencyResult(
    string Scenario,
    string Variant,
    int Size,
    double BaselineP50Microseconds,
    double LibraryP50Microseconds,
    double BaselineP99Microseconds,
    double LibraryP99Microseconds,
    double Ratio,
    double AllocatedBytesPerOperation,
    double? RatioToRawCopy = null) : BenchResult(Scenario, Variant);

/// <summary>
/// Memory per open idle connection: idle. The server runs in the same process, so both sides include its
/// (identical) share; the difference between them is the library's own cost per connection.
/// </summary>
/// <param name="Scenario">The scenario.</param>
/// <param name="Variant">The library path.</param>
/// <param name="Connections">How many connections were open at once.</param>
/// <param name="BaselineBytesPerConnection">Median managed-heap growth per raw connection, after a full GC.</param>
/// <param name="LibraryBytesPerConnection">The same for a subscribed library connection.</param>
/// <param name="Ratio">Median over rounds of baseline / library; higher is better.</param>
/// <param name="BaselineWorkingSetPerConnection">Median working-set growth per raw connection.</param>
/// <param name="LibraryWorkingSetPerConnection">Median working-set growth per library connection.</param>
internal sealed record MemoryResult(
    string Scenario,
    string Variant,
    int Connections,
    double BaselineBytesPerConnection,
    double LibraryBytesPerConnection,
    double Ratio,
    double BaselineWorkingSetPerConnection,
    double LibraryWorkingSetPerConnection) : BenchResult(Scenario, Variant);
