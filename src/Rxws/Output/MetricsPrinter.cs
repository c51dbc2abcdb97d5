using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using RxWebSocketStream;

namespace Rxws.Output;

/// <summary>
/// <c>rxws --metrics</c>: listens to every instrument of the library's meter (client and server side alike, whichever
/// meter factory made them) with a plain <see cref="MeterListener"/>, no exporter package, and prints the totals in the
/// layout of <c>dotnet-counters monitor</c>: the meter, each instrument with its unit, one line per attribute set.
/// </summary>
internal sealed class MetricsPrinter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Instrument, string Unit, string Tags), Aggregate> _values = new();

    public MetricsPrinter()
    {
        _listener.InstrumentPublished = static (instrument, listener) =>
        {
            if (instrument.Meter.Name == WebSocketTelemetry.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Prints what was measured so far.</summary>
    public void Print(TextWriter output)
    {
        output.WriteLine($"[{WebSocketTelemetry.MeterName}]");
        foreach (var instrument in _values.OrderBy(entry => entry.Key.Instrument, StringComparer.Ordinal).GroupBy(entry => (entry.Key.Instrument, entry.Key.Unit)))
        {
            output.WriteLine($"    {instrument.Key.Instrument} ({instrument.Key.Unit})");
            foreach (var (key, aggregate) in instrument.OrderBy(entry => entry.Key.Tags, StringComparer.Ordinal))
            {
                var label = key.Tags.Length == 0 ? "(no attributes)" : key.Tags;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"        {label,-60} {aggregate.Describe()}"));
            }
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var names = new List<string>(tags.Length);
        foreach (var tag in tags)
        {
            names.Add(string.Create(CultureInfo.InvariantCulture, $"{tag.Key}={tag.Value}"));
        }

        names.Sort(StringComparer.Ordinal);
        var aggregate = _values.GetOrAdd((instrument.Name, instrument.Unit ?? string.Empty, string.Join(",", names)), _ => new Aggregate(instrument is Histogram<double>));
        aggregate.Add(value);
    }

    /// <summary>A sum (counters, up-down counters), or count, mean and max (histograms).</summary>
    private sealed class Aggregate(bool histogram)
    {
        private readonly object _gate = new();
        private long _count;
        private double _sum;
        private double _max;

        public void Add(double value)
        {
            lock (_gate)
            {
                _count++;
                _sum += value;
                _max = _count == 1 ? value : Math.Max(_max, value);
            }
        }

        public string Describe()
        {
            lock (_gate)
            {
                return histogram
                    ? string.Create(CultureInfo.InvariantCulture, $"count {_count}, mean {_sum / _count:0.######}, max {_max:0.######}")
                    : string.Create(CultureInfo.InvariantCulture, $"{_sum:0.######}");
            }
        }
    }
}
