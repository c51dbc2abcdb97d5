using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net.WebSockets;
using System.Reactive.Concurrency;
using Microsoft.Extensions.Logging;

namespace RxWebSocketStream.Internal;

/// <summary>
/// What one connection tells its operators: log events, metrics and spans (docs/observability.md). The connection
/// calls it after each move the lifecycle (<see cref="ConnectionLifecycle"/>) decided, outside the lifecycle's lock,
/// and once per message from the I/O paths, where a disabled logger and instrument cost a flag check each.
/// </summary>
internal sealed class ConnectionTelemetry
{
    private readonly ILogger? _logger;
    private readonly WebSocketMetrics _metrics;
    private readonly IScheduler _scheduler;
    private readonly ConnectionRole _role;
    private readonly int _previewLength;
    private readonly KeyValuePair<string, object?> _roleTag;
    private string _url;

    // Scheduler readings: never the wall clock, so that durations are virtual in tests.
    private DateTimeOffset _handshakeStartedAt;
    private DateTimeOffset? _openedAt;

    private Activity? _connectActivity;
    private Activity? _closeActivity;
    private int _overflowLogged;

    private ConnectionTelemetry(WebSocketConnectionOptions options, ConnectionRole role, ILoggerFactory? loggerFactory, IMeterFactory? meterFactory)
    {
        _logger = loggerFactory?.CreateLogger(WebSocketTelemetry.ConnectionCategory);
        _metrics = WebSocketMetrics.For(meterFactory);
        _scheduler = options.Scheduler;
        _role = role;
        _roleTag = WebSocketMetrics.Role(role);
        _previewLength = options.LogPayloadPreviewLength;
        _url = role == ConnectionRole.Client ? "(not connected)" : "(accepted socket)";
    }

    /// <summary>
    /// The telemetry of a new connection: the options' logger and meter factories win; the server package passes
    /// the host's as the fallback.
    /// </summary>
    public static ConnectionTelemetry Create(WebSocketConnectionOptions options, ConnectionRole role, ILoggerFactory? hostLoggerFactory = null, IMeterFactory? hostMeterFactory = null) =>
        new(options, role, options.LoggerFactory ?? hostLoggerFactory, options.MeterFactory ?? hostMeterFactory);

    /// <summary>
    /// The URL as logged and tagged: scheme, host, port and path; never the query string or user info, where
    /// tokens and credentials live.
    /// </summary>
    public static string Redact(Uri url) => url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);

    /// <summary>
    /// The client handshake begins. Starts the <c>rxws.connect</c> span, which becomes <see cref="Activity.Current"/>
    /// for the rest of the handshake's own async flow only (the caller of <c>Connect</c> never sees it).
    /// </summary>
    public void HandshakeStarting(Uri url, IReadOnlyList<string> protocols)
    {
        _url = Redact(url);
        _handshakeStartedAt = _scheduler.Now;
        if (_logger?.IsEnabled(LogLevel.Debug) == true)
        {
            ConnectionLog.Connecting(_logger, _url, string.Join(", ", protocols));
        }

        if (WebSocketActivitySource.Instance.HasListeners())
        {
            _connectActivity = WebSocketActivitySource.Instance.StartActivity(ActivityKind.Client, startTime: _handshakeStartedAt, name: WebSocketActivitySource.ConnectSpan);
            if (_connectActivity is { } activity)
            {
                activity.SetTag("url.full", _url);
                activity.SetTag("server.address", url.Host);
                activity.SetTag("server.port", url.Port);
                activity.SetTag("rxws.protocols", string.Join(",", protocols));
            }
        }
    }

    /// <summary>The connection is open (handshake done, or an open socket wrapped).</summary>
    public void Opened(string subProtocol, string extensions)
    {
        var now = _scheduler.Now;
        _openedAt = now;
        _metrics.ActiveConnections.Add(1, _roleTag);
        if (_role != ConnectionRole.Client)
        {
            if (_logger?.IsEnabled(LogLevel.Debug) == true)
            {
                ConnectionLog.Accepted(_logger, subProtocol);
            }

            return;
        }

        var elapsed = WebSocketMetrics.Seconds(_handshakeStartedAt, now);
        _metrics.HandshakeDuration.Record(elapsed, _roleTag, new("rxws.handshake.outcome", "success"));
        if (_logger is { } logger)
        {
            ConnectionLog.Connected(logger, _url, elapsed * 1000, subProtocol, extensions);
        }

        if (_connectActivity is { } activity)
        {
            activity.SetTag("rxws.sub_protocol", subProtocol);
            activity.SetStatus(ActivityStatusCode.Ok);
            Stop(activity, now);
        }
    }

    /// <summary>The handshake failed or was cancelled: the connection never opened.</summary>
    public void HandshakeFailed(Exception error, string reason)
    {
        if (_role != ConnectionRole.Client)
        {
            return;
        }

        var now = _scheduler.Now;
        var elapsed = WebSocketMetrics.Seconds(_handshakeStartedAt, now);
        var cancelled = error is OperationCanceledException;
        _metrics.HandshakeDuration.Record(elapsed, _roleTag, new("rxws.handshake.outcome", cancelled ? "cancelled" : "failure"));
        if (_logger is { } logger)
        {
            if (cancelled)
            {
                ConnectionLog.ConnectCancelled(logger, _url, elapsed * 1000);
            }
            else
            {
                ConnectionLog.ConnectFailed(logger, _url, elapsed * 1000, reason, error);
            }
        }

        if (_connectActivity is { } activity)
        {
            activity.SetTag("error.type", cancelled ? "cancelled" : error.GetType().FullName);
            activity.SetStatus(ActivityStatusCode.Error, reason);
            Stop(activity, now);
        }
    }

    /// <summary>The close handshake began (the lifecycle moved to Closing): starts the <c>rxws.close</c> span.</summary>
    public void CloseStarted(CloseInitiator initiator, WebSocketCloseInfo frame)
    {
        var who = WebSocketMetrics.Initiator(initiator);
        if (_logger?.IsEnabled(LogLevel.Debug) == true)
        {
            ConnectionLog.Closing(_logger, _url, who, frame.Code, frame.Reason);
        }

        if (WebSocketActivitySource.Instance.HasListeners())
        {
            // Not a child of whatever happens to be current on the I/O thread: linked to the connect span instead.
            var links = _connectActivity is { } connect ? new[] { new ActivityLink(connect.Context) } : null;
            // A root span (a default parent context means "the current one", hence the swap), and the thread's own
            // current activity stays what it was.
            var current = Activity.Current;
            Activity.Current = null;
            var activity = WebSocketActivitySource.Instance.StartActivity(WebSocketActivitySource.CloseSpan, ActivityKind.Internal, parentContext: default, links: links, startTime: _scheduler.Now);
            Activity.Current = current;
            if (activity is not null)
            {
                activity.SetTag("rxws.close.initiator", who);
                activity.SetTag("rxws.close.code", frame.Code);
                Interlocked.Exchange(ref _closeActivity, activity);
            }
        }
    }

    /// <summary>The end is told (the unsent count is final): ends the close span, counts and logs how it ended.</summary>
    public void Ended(ConnectionLifecycle.Ending end, CloseInitiator initiator, int unsent)
    {
        var now = _scheduler.Now;
        var code = end.Clean?.Code ?? (end.Error as WebSocketConnectionException)?.CloseCode;
        var reason = end.Clean?.Reason ?? (end.Error as WebSocketConnectionException)?.Reason ?? string.Empty;
        var who = WebSocketMetrics.Initiator(initiator);
        var clean = end.Error is null;
        double duration = 0;
        if (_openedAt is { } openedAt)
        {
            duration = WebSocketMetrics.Seconds(openedAt, now);
            _metrics.ActiveConnections.Add(-1, _roleTag);
            _metrics.ConnectionDuration.Record(duration, _roleTag, new("rxws.close.initiator", who), new("rxws.close.clean", clean));
            _metrics.Closes.Add(1, _roleTag, new("rxws.close.code_class", WebSocketMetrics.CodeClass(code)), new("rxws.close.initiator", who));
        }

        if (unsent > 0)
        {
            _metrics.MessagesUnsent.Add(unsent, _roleTag);
        }

        if (_logger is { } logger && _openedAt is not null)
        {
            if (clean)
            {
                ConnectionLog.Closed(logger, _url, duration, who, code, reason, unsent);
            }
            else
            {
                ConnectionLog.Failed(logger, _url, duration, who, code, reason, unsent, end.Error!);
            }
        }

        if (Interlocked.Exchange(ref _closeActivity, null) is { } activity)
        {
            activity.SetTag("rxws.close.clean", clean);
            activity.SetTag("rxws.unsent", unsent);
            activity.SetStatus(clean ? ActivityStatusCode.Ok : ActivityStatusCode.Error, clean ? null : end.Error!.Message);
            Stop(activity, now);
        }
    }

    /// <summary>A rule of ours caught the peer (1007 invalid UTF-8, 1009 message too big).</summary>
    public void ProtocolViolation(string rule, int closeCode)
    {
        if (_logger is { } logger)
        {
            ConnectionLog.ProtocolViolation(logger, _url, rule, closeCode);
        }
    }

    /// <summary>The transport failed: names a protocol fault the socket found, or a keep-alive timeout.</summary>
    public void TransportFailed(Exception error, bool keepAliveTimeout, string message)
    {
        if (_logger is not { } logger)
        {
            return;
        }

        if (keepAliveTimeout)
        {
            ConnectionLog.KeepAliveTimeout(logger, _url, message);
        }
        else if (error is WebSocketException { WebSocketErrorCode: WebSocketError.Faulted })
        {
            // The BCL fails the connection itself (1002, or 1007 for bad UTF-8) and says which rule in its message.
            ConnectionLog.ProtocolViolationBySocket(logger, _url, error.Message);
        }
    }

    /// <summary>A sink message was refused: buffer full (<paramref name="overflow"/>) or the connection closing.</summary>
    public void Dropped(bool overflow, long droppedCount, int capacity, SendBufferOverflow policy)
    {
        _metrics.MessagesDropped.Add(1, _roleTag, new("rxws.drop.reason", overflow ? "overflow" : "closing"));
        if (_logger is not { } logger)
        {
            return;
        }

        if (overflow && Interlocked.Exchange(ref _overflowLogged, 1) == 0)
        {
            ConnectionLog.FirstOverflowDrop(logger, _url, capacity, policy);
        }
        else if (logger.IsEnabled(LogLevel.Debug))
        {
            ConnectionLog.MessageDropped(logger, _url, overflow ? "the send buffer is full" : "the connection is closing", droppedCount);
        }
    }

    /// <summary>Messages entered (+) or left (-) the send buffer.</summary>
    public void SendQueueChanged(int delta)
    {
        if (_metrics.SendQueueDepth.Enabled)
        {
            _metrics.SendQueueDepth.Add(delta, _roleTag);
        }
    }

    /// <summary>A whole message arrived. Costs two flag checks and a level check when nobody listens.</summary>
    public void MessageReceived(in Message message)
    {
        if (_metrics.MessagesReceived.Enabled || _metrics.BytesReceived.Enabled)
        {
            var length = message.WireLength;
            _metrics.MessagesReceived.Add(1, WebSocketMetrics.MessageTags(_role, message.Type));
            _metrics.BytesReceived.Add(length, _roleTag);
        }

        if (_logger is { } logger && logger.IsEnabled(LogLevel.Trace))
        {
            ConnectionLog.MessageReceived(logger, message.Type, message.WireLength, _url, Preview(message));
        }
    }

    /// <summary>A message was handed to the socket. Costs two flag checks and a level check when nobody listens.</summary>
    public void MessageSent(in Message message)
    {
        if (_metrics.MessagesSent.Enabled || _metrics.BytesSent.Enabled)
        {
            var length = message.WireLength;
            _metrics.MessagesSent.Add(1, WebSocketMetrics.MessageTags(_role, message.Type));
            _metrics.BytesSent.Add(length, _roleTag);
        }

        if (_logger is { } logger && logger.IsEnabled(LogLevel.Trace))
        {
            ConnectionLog.MessageSent(logger, message.Type, message.WireLength, _url, Preview(message));
        }
    }

    /// <summary>Nothing unless <see cref="WebSocketConnectionOptions.LogPayloadPreviewLength"/> asks: payloads hold secrets.</summary>
    private string Preview(in Message message) =>
        _previewLength == 0 ? string.Empty : PayloadPreview.Of(message, _previewLength);

    private static void Stop(Activity activity, DateTimeOffset now)
    {
        activity.SetEndTime(now.UtcDateTime);
        activity.Stop();
    }
}
