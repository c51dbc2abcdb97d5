using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Rxws.Bench.Output;

/// <summary>
/// <c>--json</c>: one JSON object per result line, with the field names and order of the contract in issue
/// 5, and nothing else on stdout (no header, no footer):
/// <code>
/// {"scenario":"receive","variant":"subscribe","size":32,"baseline_per_s":...,"library_per_s":...,"ratio":...,"alloc_bytes_per_msg":...,"ratio_raw_copy":...}
/// {"scenario":"receive","variant":"websocket_client","size":32,"baseline_per_s":...,"library_per_s":...,"ratio":...,"alloc_bytes_per_msg":...}
/// {"scenario":"echo","variant":"subscribe","size":32,"baseline_p50_us":...,"library_p50_us":...,"baseline_p99_us":...,"library_p99_us":...,"ratio":...,"alloc_bytes_per_msg":...}
/// {"scenario":"idle","variant":"subscribe","connections":1000,"baseline_bytes_per_conn":...,"library_bytes_per_conn":...,"ratio":...,"baseline_ws_bytes_per_conn":...,"library_ws_bytes_per_conn":...}
/// </code>
/// </summary>
internal sealed class JsonBenchOutput(TextWriter output) : IBenchOutput
{
    private readonly ArrayBufferWriter<byte> _buffer = new(512);

    public void Start(BenchProfile profile, IReadOnlyList<string> scenarios)
    {
    }

    public void End(TimeSpan elapsed)
    {
    }

    public void Write(BenchResult result)
    {
        _buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("scenario", result.Scenario);
            writer.WriteString("variant", result.Variant);
            switch (result)
            {
                case ThroughputResult t:
                    writer.WriteNumber("size", t.Size);
                    writer.WriteNumber("baseline_per_s", Math.Round(t.BaselinePerSecond));
                    writer.WriteNumber("library_per_s", Math.Round(t.LibraryPerSecond));
                    writer.WriteNumber("ratio", Math.Round(t.Ratio, 3));
                    writer.WriteNumber("alloc_bytes_per_msg", Math.Round(t.AllocatedBytesPerOperation, 1));
                    WriteRatioToRawCopy(writer, t.RatioToRawCopy);
                    break;

                case LatencyResult l:
                    writer.WriteNumber("size", l.Size);
                    writer.WriteNumber("baseline_p50_us", Math.Round(l.BaselineP50Microseconds, 1));
                    writer.WriteNumber("library_p50_us", Math.Round(l.LibraryP50Microseconds, 1));
                    writer.WriteNumber("baseline_p99_us", Math.Round(l.BaselineP99Microseconds, 1));
                    writer.WriteNumber("library_p99_us", Math.Round(l.LibraryP99Microseconds, 1));
                    writer.WriteNumber("ratio", Math.Round(l.Ratio, 3));
                    writer.WriteNumber("alloc_bytes_per_msg", Math.Round(l.AllocatedBytesPerOperation, 1));
                    WriteRatioToRawCopy(writer, l.RatioToRawCopy);
                    break;

                case MemoryResult m:
                    writer.WriteNumber("connections", m.Connections);
                    writer.WriteNumber("baseline_bytes_per_conn", Math.Round(m.BaselineBytesPerConnection));
                    writer.WriteNumber("library_bytes_per_conn", Math.Round(m.LibraryBytesPerConnection));
                    writer.WriteNumber("ratio", Math.Round(m.Ratio, 3));
                    writer.WriteNumber("baseline_ws_bytes_per_conn", Math.Round(m.BaselineWorkingSetPerConnection));
                    writer.WriteNumber("library_ws_bytes_per_conn", Math.Round(m.LibraryWorkingSetPerConnection));
                    break;

                default:
                    throw new ArgumentOutOfRangeException(nameof(result), result.GetType().Name, "No JSON form for this result.");
            }

            writer.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(_buffer.WrittenSpan));
        output.Flush();
    }

    // Last, and only on library lines of scenarios that have a raw + copy baseline, so the contract's fields keep their order.
    private static void WriteRatioToRawCopy(Utf8JsonWriter writer, double? ratio)
    {
        if (ratio is { } value)
        {
            writer.WriteNumber("ratio_raw_copy", Math.Round(value, 3));
        }
    }
}
