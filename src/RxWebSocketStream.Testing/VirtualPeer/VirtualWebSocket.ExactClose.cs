using System.Net.WebSockets;
using RxWebSocketStream.Internal;

namespace RxWebSocketStream.Testing;

/// <summary>
/// What the library's own transport adds under a socket it makes (<see cref="VirtualPeerOptions.ExactCloseFrames"/>):
/// the close frame with 1000 and no reason that a connection arms goes out with an empty body, and the peer's empty
/// close frame can be told apart from 1000. Used as a plain <see cref="WebSocket"/>, nothing changes.
/// </summary>
public sealed partial class VirtualWebSocket : IExactCloseFrames
{
    private bool _emptyCloseArmed;
    private bool _receivedEmptyClose;

    /// <inheritdoc />
    bool IExactCloseFrames.ReceivedEmptyClose => _peer.Options.ExactCloseFrames && _receivedEmptyClose;

    /// <inheritdoc />
    void IExactCloseFrames.ArmEmptyClose() => _emptyCloseArmed = _peer.Options.ExactCloseFrames;

    /// <summary>
    /// Whether the close frame being written goes out with an empty body: the transport was armed, and the frame is the
    /// one it rewrites (1000, no reason). Disarms it when so.
    /// </summary>
    private bool GoesOutEmpty(WebSocketCloseStatus status, string reason)
    {
        if (!_emptyCloseArmed || status != WebSocketCloseStatus.NormalClosure || reason.Length != 0)
        {
            return false;
        }

        _emptyCloseArmed = false;
        return true;
    }
}
