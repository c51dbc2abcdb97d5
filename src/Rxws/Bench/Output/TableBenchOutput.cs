using System.Globalization;
using System.Runtime.InteropServices;

namespace Rxws.Bench.Output;

/// <summary>
/// The readable form: a header saying what was measured and how to read it, then one aligned row per
/// result, a heading whenever the kind of result changes (throughput, latency, memory).
/// </summary>
internal sealed class TableBenchOutput(TextWriter output) : IBenchOutput
{
    private Type? _last;

    public void Start(BenchProfile profile, IReadOnlyList<string> scenarios)
    {
        Line(I($"rxws bench ({profile.Name}): {string.Join(", ", scenarios)}"));
        Line(I($"{Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}, server GC {System.Runtime.GCSettings.IsServerGC}"));
        Line(I($"{profile.Rounds} measured rounds after warm-up (at least {profile.WarmupRounds} rounds and {profile.MinimumWarmup.TotalSeconds:0.#} s), baseline and library alternating; medians of rounds."));
        Line("baseline = raw ClientWebSocket against the same Kestrel server in this process. ratio: library/baseline");
        Line("per round, median (echo: baseline p50 / library p50; idle: baseline bytes / library bytes); higher is better.");
        Line("extra B/msg: bytes allocated process-wide during the library run minus during the baseline run, per message.");
        Line("raw_copy: the raw loop copying each message into its own array; vs copy: library/(raw + copy) per round, median.");
        Line("websocket_client: Websocket.Client 5.5.1 (reconnection off) against the same raw baseline.");
    }

    public void Write(BenchResult result)
    {
        if (result.GetType() != _last)
        {
            _last = result.GetType();
            Line(string.Empty);
            Line(result switch
            {
                ThroughputResult => I($"{"scenario",-9} {"variant",-11} {"size",7} {"baseline/s",12} {"library/s",12} {"ratio",6} {"extra B/msg",11} {"vs copy",7}"),
                LatencyResult => I($"{"scenario",-9} {"variant",-11} {"size",7} {"p50 base µs",12} {"p50 lib µs",12} {"p99 base µs",12} {"p99 lib µs",12} {"ratio",6} {"extra B/msg",11} {"vs copy",7}"),
                MemoryResult => I($"{"scenario",-9} {"variant",-11} {"conns",7} {"base B/conn",12} {"lib B/conn",12} {"ratio",6} {"base WS/conn",13} {"lib WS/conn",13}"),
                _ => throw new ArgumentOutOfRangeException(nameof(result), result.GetType().Name, "No table form for this result."),
            });
        }

        Line(result switch
        {
            ThroughputResult t => I($"{t.Scenario,-9} {t.Variant,-11} {Size(t.Size),7} {t.BaselinePerSecond,12:N0} {t.LibraryPerSecond,12:N0} {t.Ratio,6:0.000} {t.AllocatedBytesPerOperation,11:+0.0;-0.0;0} {VsCopy(t.RatioToRawCopy),7}"),
            LatencyResult l => I($"{l.Scenario,-9} {l.Variant,-11} {Size(l.Size),7} {l.BaselineP50Microseconds,12:0.0} {l.LibraryP50Microseconds,12:0.0} {l.BaselineP99Microseconds,12:0.0} {l.LibraryP99Microseconds,12:0.0} {l.Ratio,6:0.000} {l.AllocatedBytesPerOperation,11:+0.0;-0.0;0} {VsCopy(l.RatioToRawCopy),7}"),
            MemoryResult m => I($"{m.Scenario,-9} {m.Variant,-11} {m.Connections,7} {m.BaselineBytesPerConnection,12:N0} {m.LibraryBytesPerConnection,12:N0} {m.Ratio,6:0.000} {m.BaselineWorkingSetPerConnection,13:N0} {m.LibraryWorkingSetPerConnection,13:N0}"),
            _ => throw new ArgumentOutOfRangeException(nameof(result), result.GetType().Name, "No table form for this result."),
        });
    }

    public void End(TimeSpan elapsed)
    {
        Line(string.Empty);
        Line(I($"done in {elapsed.TotalSeconds:0.0} s"));
    }

    private static string Size(int bytes) => bytes % 1024 == 0 ? I($"{bytes / 1024} KiB") : I($"{bytes} B");

    private static string VsCopy(double? ratio) => ratio is { } value ? I($"{value:0.000}") : string.Empty;

    private static string I(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private void Line(string line)
    {
        output.WriteLine(line);
        output.Flush();
    }
}
