using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RxWebSocketStream.AspNetCore.Tests;

/// <summary>
/// Issue 14: connections accepted by <c>MapWebSocketConnection</c> log through the host's <see cref="ILoggerFactory"/>
/// and count through the host's <see cref="IMeterFactory"/>, with no option set (docs/observability.md).
/// </summary>
public sealed class HostTelemetryTests
{
    [Fact]
    public async Task AcceptedConnection_LogsAndMeasuresThroughTheHostsFactories()
    {
        var logs = new ClosedLogWatch();
        await using var server = await KestrelServer.StartAsync(app => app.MapWebSocketConnection("/echo", conn => conn.Subscribe(conn.Sink)), logs);

        // Only the host's own meter: other tests' connections report to the process-wide one or to theirs.
        var hostMeters = server.Services.GetRequiredService<IMeterFactory>();
        var measured = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == hostMeters && instrument.Meter.Name == WebSocketTelemetry.MeterName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var key = instrument.Name + string.Concat(tags.ToArray().OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $" {t.Key}={t.Value}"));
            measured.AddOrUpdate(key, value, (_, sum) => sum + value);
        });
        listener.Start();

        using var ws = await Clients.ConnectAsync(server.Ws("echo"));
        await ws.SendTextAsync("hello");
        Assert.Equal("hello", await ws.ReceiveTextAsync());
        await ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None).Within();

        // The server logs its "Closed" event after it has counted the close, so every count below is in.
        var closed = await logs.Closed.Task.Within();
        Assert.Equal(WebSocketTelemetry.ConnectionCategory, closed.Category);
        Assert.Contains("code 1000", closed.Message, StringComparison.Ordinal);

        Assert.Equal(1, measured.GetValueOrDefault("rxws.messages.received rxws.message.type=text rxws.role=server"));
        Assert.Equal(1, measured.GetValueOrDefault("rxws.messages.sent rxws.message.type=text rxws.role=server"));
        Assert.Equal(5, measured.GetValueOrDefault("rxws.bytes.received rxws.role=server"));
        Assert.Equal(1, measured.GetValueOrDefault("rxws.connection.closes rxws.close.code_class=normal rxws.close.initiator=peer rxws.role=server"));
        Assert.Equal(0, measured.GetValueOrDefault("rxws.active_connections rxws.role=server"));
        Assert.True(measured.ContainsKey("rxws.active_connections rxws.role=server"), string.Join("; ", measured.Keys));
    }

    /// <summary>Keeps the server's log and completes <see cref="Closed"/> at the connection's "Closed" event.</summary>
    private sealed class ClosedLogWatch : ILoggerProvider
    {
        public TaskCompletionSource<(string Category, string Message)> Closed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ClosedLogWatch watch) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (eventId.Name == "Closed")
                {
                    watch.Closed.TrySetResult((category, formatter(state, exception)));
                }
            }
        }
    }
}
