using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace RxWebSocketStream.Tests.Observability;

/// <summary>
/// One test's own view of the library's telemetry. The meter and the activity source are process-wide and tests run in
/// parallel, so everything is filtered to this test: metrics through a meter factory of its own (each collector
/// listens to that factory's meter only), logs through a logger factory of its own, and spans by the trace of a root
/// activity the test starts (<see cref="Root"/>) or by links to it.
/// </summary>
internal sealed class Telemetry : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly ActivityListener _listener;
    private readonly List<Activity> _spans = [];
    private readonly List<IDisposable> _collectors = [];

    public Telemetry(LogLevel minimumLevel = LogLevel.Trace)
    {
        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        MeterFactory = _services.GetRequiredService<IMeterFactory>();
        Logs = new FakeLogCollector();
        LoggerFactory = Microsoft.Extensions.Logging.LoggerFactory.Create(builder => builder
            .SetMinimumLevel(minimumLevel)
            .AddProvider(new FakeLoggerProvider(Logs)));
        Root = new Activity("test-root").SetIdFormat(ActivityIdFormat.W3C).Start();
        Activity.Current = null;
        _listener = new ActivityListener
        {
            ShouldListenTo = static source => source.Name == WebSocketTelemetry.ActivitySourceName,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (_spans)
                {
                    _spans.Add(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IMeterFactory MeterFactory { get; }

    public ILoggerFactory LoggerFactory { get; }

    public FakeLogCollector Logs { get; }

    /// <summary>A root activity of this test's own trace: make it current around a Connect to see its spans.</summary>
    public Activity Root { get; }

    /// <summary>A collector of one instrument of this test's meter; start it before the measurements.</summary>
    public MetricCollector<T> Collect<T>(string instrumentName)
        where T : struct
    {
        var collector = new MetricCollector<T>(MeterFactory, WebSocketTelemetry.MeterName, instrumentName);
        _collectors.Add(collector);
        return collector;
    }

    /// <summary>The stopped spans of this test's trace, and those linked to it (the close spans are roots of their own).</summary>
    public IReadOnlyList<Activity> Spans(string name)
    {
        lock (_spans)
        {
            return [.. _spans.Where(span => span.OperationName == name && Belongs(span))];
        }
    }

    /// <summary>The log records of events with <paramref name="eventName"/>.</summary>
    public IReadOnlyList<FakeLogRecord> Events(string eventName) =>
        [.. Logs.GetSnapshot().Where(record => record.Id.Name == eventName)];

    /// <summary>The single event with <paramref name="eventName"/>.</summary>
    public FakeLogRecord Event(string eventName)
    {
        var found = Events(eventName);
        return found.Count == 1
            ? found[0]
            : throw new Xunit.Sdk.XunitException($"Expected one {eventName} event, found {found.Count} among: {string.Join(" | ", Logs.GetSnapshot().Select(record => $"{record.Id.Name}: {record.Message}"))}");
    }

    public void Dispose()
    {
        _listener.Dispose();
        foreach (var collector in _collectors)
        {
            collector.Dispose();
        }

        Root.Stop();
        LoggerFactory.Dispose();
        _services.Dispose();
    }

    private bool Belongs(Activity span)
    {
        var trace = Root.TraceId;
        return span.TraceId == trace || span.Links.Any(link => link.Context.TraceId == trace);
    }
}
