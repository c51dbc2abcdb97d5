using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace RxWebSocketStream.Hosting.Tests;

/// <summary>A logger provider that records the category of every event logged, to see whose logger factory was used.</summary>
internal sealed class CategoryRecorder : ILoggerProvider
{
    public ConcurrentDictionary<string, int> Categories { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CategoryRecorder recorder, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            recorder.Categories.AddOrUpdate(category, 1, static (_, count) => count + 1);
    }
}
