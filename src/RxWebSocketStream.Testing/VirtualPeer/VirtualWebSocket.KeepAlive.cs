using System.Net.WebSockets;
using System.Reactive.Concurrency;
using System.Reactive.Disposables;

namespace RxWebSocketStream.Testing;

/// <summary>
/// Keep-alive in virtual time, after the BCL's PING/PONG strategy (.NET 9+): a PING every interval, and an abort when
/// its PONG has not come within the timeout.
/// </summary>
public sealed partial class VirtualWebSocket
{
    // The BCL's message for this fault (SR.net_Websockets_KeepAlivePingTimeout), so logs read the same.
    private const string KeepAliveTimeoutMessage = "The WebSocket didn't receive a Pong frame in response to a Ping frame within the configured KeepAliveTimeout.";

    private bool _peerAnswersPings;
    private IDisposable? _keepAliveTimer;
    private WebSocketException? _keepAliveFault;

    internal void PeerSetAnsweringPings(bool answering) => _peerAnswersPings = answering;

    /// <summary>(Re)starts the keep-alive clock: at construction, and again when a delayed handshake opens the socket.</summary>
    internal void StartKeepAlive()
    {
        StopKeepAlive();
        if (IsOn(_peer.Options.KeepAliveInterval) && _state == WebSocketState.Open)
        {
            _keepAliveTimer = _peer.Schedule(this, _peer.Options.KeepAliveInterval, static self => self.SendKeepAlivePing());
        }
    }

    private static bool IsOn(TimeSpan value) => value > TimeSpan.Zero && value != Timeout.InfiniteTimeSpan;

    private void StopKeepAlive()
    {
        _keepAliveTimer?.Dispose();
        _keepAliveTimer = null;
    }

    private IDisposable SendKeepAlivePing()
    {
        // The BCL pings while the connection is up, also during the close handshake; not once it is over.
        if (_disposed || _state is WebSocketState.Closed or WebSocketState.Aborted)
        {
            return Disposable.Empty;
        }

        _peer.Record(SocketAction.Ping);
        if (!IsOn(_peer.Options.KeepAliveTimeout) || PongSeen)
        {
            // The PONG comes back in the same virtual frame (or none is awaited): ping again one interval later.
            _keepAliveTimer = _peer.Schedule(this, _peer.Options.KeepAliveInterval, static self => self.SendKeepAlivePing());
        }
        else
        {
            _keepAliveTimer = _peer.Schedule(this, _peer.Options.KeepAliveTimeout, static self => self.OnKeepAliveTimeout());
        }

        return Disposable.Empty;
    }

    /// <summary>
    /// Whether the PONG comes back and our side sees it. As in the BCL, a PONG is processed only inside a receive: a
    /// socket that nobody reads, or whose reader waits with a data frame unread ahead of the PONG, never sees it.
    /// A pending receive means nothing is queued ahead (pending receives are served before they wait).
    /// </summary>
    private bool PongSeen => _peerAnswersPings && _peerReading && !_peerDropped && _receivers.Count > 0;

    private IDisposable OnKeepAliveTimeout()
    {
        _keepAliveTimer = null;
        if (PongSeen)
        {
            // The PONG was held up (nobody was reading) but is seen now that a receive is pending.
            _keepAliveTimer = _peer.Schedule(this, _peer.Options.KeepAliveInterval, static self => self.SendKeepAlivePing());
            return Disposable.Empty;
        }

        if (!_disposed && _state is not (WebSocketState.Closed or WebSocketState.Aborted))
        {
            _keepAliveFault = new WebSocketException(WebSocketError.Faulted, KeepAliveTimeoutMessage);
            Abort();
        }

        return Disposable.Empty;
    }
}
