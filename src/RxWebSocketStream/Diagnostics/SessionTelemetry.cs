using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace RxWebSocketStream.Internal;

/// <summary>
/// What a reconnecting session tells its operators (docs/observability.md): one span and one counted outcome per
/// connection attempt, and one log event and counted decision each time a connection ended.
/// </summary>
internal sealed class SessionTelemetry
{
    private readonly ILogger? _logger;
    private readonly WebSocketMetrics _metrics;
    private Activity? _attemptSpan;
    private string _attemptKind = "initial";

    public SessionTelemetry(ReconnectingConnectionOptions options)
    {
        _logger = options.LoggerFactory?.CreateLogger(WebSocketTelemetry.SessionCategory);
        _metrics = WebSocketMetrics.For(options.MeterFactory);
    }

    /// <summary>
    /// An attempt starts: returns a scope during which its span is <see cref="Activity.Current"/>, so that the
    /// connect span the factory's connection starts is its child; disposing the scope restores the caller's.
    /// </summary>
    public Scope AttemptStarting(int attempt)
    {
        // Attempt 0 is the session's first connection; every later one follows an end.
        _attemptKind = attempt == 0 ? "initial" : "reconnect";
        if (_logger?.IsEnabled(LogLevel.Debug) == true)
        {
            SessionLog.AttemptStarting(_logger, attempt, _attemptKind);
        }

        var previous = Activity.Current;
        if (WebSocketActivitySource.Instance.HasListeners()
            && WebSocketActivitySource.Instance.StartActivity(WebSocketActivitySource.AttemptSpan) is { } span)
        {
            span.SetTag("rxws.attempt", attempt);
            span.SetTag("rxws.attempt.kind", _attemptKind);
            Interlocked.Exchange(ref _attemptSpan, span)?.Stop();
        }

        return new Scope(previous);
    }

    /// <summary>The attempt's connection opened.</summary>
    public void AttemptOpened() => EndAttempt("opened", error: null);

    /// <summary>The attempt ended without opening (the factory threw, or the handshake failed).</summary>
    public void AttemptFailed(Exception? error) => EndAttempt("failed", error);

    /// <summary>A connection ended and the session decided: logs why, and counts the decision.</summary>
    public void Decided(int attempt, ConnectionEnd end, ReconnectPolicy policy, TimeSpan? delay, bool stopped, Exception? policyFailure)
    {
        var decision = stopped ? "stopped" : policyFailure is not null ? "policy_error" : delay is null ? "give_up" : "retry";
        _metrics.ReconnectDecisions.Add(1, new KeyValuePair<string, object?>("rxws.reconnect.decision", decision));
        if (_logger is not { } logger)
        {
            return;
        }

        if (stopped)
        {
            SessionLog.SessionStopped(logger, attempt, end.CloseCode);
        }
        else if (policyFailure is not null)
        {
            SessionLog.PolicyFailed(logger, attempt, policyFailure);
        }
        else if (delay is { } wait)
        {
            SessionLog.ReconnectScheduled(logger, attempt, end.CloseCode, wait.TotalMilliseconds, end.Attempt, policy.Explain(end, retried: true));
        }
        else
        {
            SessionLog.ReconnectDeclined(logger, attempt, end.CloseCode, policy.Explain(end, retried: false));
        }
    }

    private void EndAttempt(string outcome, Exception? error)
    {
        _metrics.ReconnectAttempts.Add(1, new("rxws.attempt.kind", _attemptKind), new("rxws.attempt.outcome", outcome));
        if (Interlocked.Exchange(ref _attemptSpan, null) is { } span)
        {
            span.SetTag("rxws.attempt.outcome", outcome);
            span.SetStatus(error is null ? ActivityStatusCode.Ok : ActivityStatusCode.Error, error?.Message);
            span.Stop();
        }
    }

    /// <summary>Restores the caller's current activity after the factory call.</summary>
    public readonly struct Scope(Activity? previous) : IDisposable
    {
        public void Dispose() => Activity.Current = previous;
    }
}
