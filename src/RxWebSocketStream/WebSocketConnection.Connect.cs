using System.Net.WebSockets;
using System.Reactive.Concurrency;
using System.Reactive.Disposables;
using RxWebSocketStream.Internal;

namespace RxWebSocketStream;

public sealed partial class WebSocketConnection
{
    // Cancelled to abort the opening handshake: by the user's token, the connect timeout, or Close. Set while the
    // handshake runs; the lifecycle records why (ConnectionLifecycle.TryAbortHandshake).
    private CancellationTokenSource? _handshakeAbort;

    // The PONG timeout of the ClientWebSocket we made (after ConfigureClient), named when it expires;
    // null for a socket someone else made, whose settings we do not know.
    private TimeSpan? _keepAliveTimeoutInEffect;

    /// <summary>
    /// Starts connecting to <paramref name="url"/> and returns at once, as the browser's
    /// <c>new WebSocketStream(url, options)</c> does. <see cref="Opened"/> tells how the handshake went.
    /// </summary>
    /// <param name="url">An absolute ws, wss, http or https URL (http becomes ws, https becomes wss) with no fragment.</param>
    /// <param name="options">The options; <see langword="null"/> for the defaults.</param>
    /// <returns>The connection, still connecting.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="url"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">
    /// The URL is relative, has a fragment or an unsupported scheme; or a sub-protocol is empty, repeated,
    /// or not an RFC 7230 token; or a close info of the options, set in place by configuration, may not be sent.
    /// </exception>
    public static WebSocketConnection Connect(Uri url, WebSocketConnectionOptions? options = null)
    {
        var target = HandshakeValidation.NormalizeUrl(url, nameof(url));
        options ??= new WebSocketConnectionOptions();
        HandshakeValidation.ValidateProtocols(options.Protocols, nameof(options));
        options.ValidateCloseInfos();

        var connection = new WebSocketConnection(options, ConnectionTelemetry.Create(options, ConnectionRole.Client));
        if (options.Cancellation.IsCancellationRequested)
        {
            // The browser's signal was already aborted: no connection is attempted at all.
            var canceled = new OperationCanceledException("The connection was cancelled before it was attempted.", options.Cancellation);
            connection.FinishBeforeOpen(canceled, canceled);
            return connection;
        }

        connection.StartHandshake(target);
        return connection;
    }

    private void StartHandshake(Uri url)
    {
        var abort = CancellationTokenSource.CreateLinkedTokenSource(_options.Cancellation);
        _handshakeAbort = abort;
        var timeout = _options.ConnectTimeout == Timeout.InfiniteTimeSpan
            ? null
            : _options.Scheduler.Schedule(this, _options.ConnectTimeout, static (_, self) =>
            {
                self.AbortHandshake($"The opening handshake did not finish within {self._options.ConnectTimeout} (ConnectTimeout).");
                return Disposable.Empty;
            });

        _ = HandshakeAsync(url, abort, timeout);
    }

    private async Task HandshakeAsync(Uri url, CancellationTokenSource abort, IDisposable? timeout)
    {
        WebSocket? socket = null;
        string extensions = string.Empty;

        // The connect span is current from here to open or failure, in this async flow only.
        _telemetry.HandshakeStarting(url, _options.Protocols);
        try
        {
            if (_options.SocketFactory is { } factory)
            {
                socket = await factory(url, _options.Protocols, abort.Token).ConfigureAwait(false);
                _exactCloseFrames = socket as IExactCloseFrames; // exact close frames: only the testing kit's virtual socket offers them itself
            }
            else
            {
                // The ClientWebSocket, its own HTTP transport and the extension check: Internal/ClientHandshake.cs.
                var opened = await ClientHandshake.ConnectAsync(url, _options, abort.Token).ConfigureAwait(false);
                socket = opened.Socket;
                extensions = opened.Extensions;
                _keepAliveTimeoutInEffect = opened.KeepAliveTimeout;
                _exactCloseFrames = opened.ExactCloseFrames;
            }
        }
        catch (Exception e)
        {
            timeout?.Dispose();
            socket?.Dispose();
            abort.Dispose();
            FailHandshake(url, e);
            return;
        }

        timeout?.Dispose();
        abort.Dispose();

        if (SubProtocolProblem(socket.SubProtocol) is { } problem)
        {
            socket.Abort();
            socket.Dispose();
            FailHandshake(url, new WebSocketException(WebSocketError.UnsupportedProtocol, problem));
            return;
        }

        Interlocked.Exchange(ref _handshakeAbort, null);
        OnOpen(socket, extensions);
    }

    /// <summary>
    /// The WHATWG rule: when sub-protocols were offered, the server must select one of them; selecting none
    /// (or one we did not offer) fails the connection, as Chromium does. With none offered, none may come back.
    /// </summary>
    private string? SubProtocolProblem(string? selected)
    {
        var offered = _options.Protocols;
        if (string.IsNullOrEmpty(selected))
        {
            return offered.Count == 0 ? null : $"The server selected none of the offered sub-protocols ({string.Join(", ", offered)}).";
        }

        return offered.Contains(selected, StringComparer.Ordinal) ? null : $"The server selected the sub-protocol '{selected}', which was not offered.";
    }

    private void FailHandshake(Uri? url, Exception e)
    {
        if (e is OperationCanceledException && _options.Cancellation.IsCancellationRequested)
        {
            var canceled = new OperationCanceledException("The opening handshake was cancelled.", e, _options.Cancellation);
            _telemetry.HandshakeFailed(canceled, canceled.Message, cancelled: true);
            FinishBeforeOpen(canceled, canceled);
            return;
        }

        var why = _life.HandshakeAbortReason ?? $"The WebSocket handshake with {url?.ToString() ?? "the server"} failed: {e.Message}";
        _telemetry.HandshakeFailed(e, why, cancelled: false);
        FinishBeforeOpen(
            WebSocketConnectionException.Report(why, closeCode: null, innerException: e),
            WebSocketConnectionException.Report(why, CloseValidation.AbnormalClosure, innerException: e));
    }

    /// <summary>Aborts a handshake in progress (close before open, connect timeout); no-op otherwise.</summary>
    private void AbortHandshake(string reason)
    {
        if (!_life.TryAbortHandshake(reason))
        {
            return;
        }

        try
        {
            Volatile.Read(ref _handshakeAbort)?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The handshake finished as we cancelled; TryOpen sees the abort and fails it.
        }
    }

    private void OnOpen(WebSocket socket, string extensions)
    {
        _socket = socket;
        if (!_life.TryOpen(out var abortReason, out var closeWhenOpen))
        {
            // Close or the connect timeout won the race while the handshake was finishing.
            _socket = null;
            socket.Abort();
            socket.Dispose();
            FailHandshake(null, new OperationCanceledException(abortReason));
            return;
        }

        _telemetry.Opened(socket.SubProtocol ?? string.Empty, extensions);
        _opened.TrySetResult(new WebSocketOpenInfo(socket.SubProtocol ?? string.Empty, extensions));

        StartIdleTimer();

        // Messages sent before open were queued. The receive loop starts now, subscriber or not: control frames
        // (pings, pongs, the peer's close) are processed from open on; data waits for someone to ask.
        StartSending();
        _ = ReceiveLoopAsync(socket);
        if (closeWhenOpen is not null)
        {
            StartClose(closeWhenOpen, failure: null);
        }
    }
}
