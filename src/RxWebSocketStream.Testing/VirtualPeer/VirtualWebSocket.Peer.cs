using System.Net.WebSockets;

namespace RxWebSocketStream.Testing;

/// <summary>What the peer's script does to the connection.</summary>
public sealed partial class VirtualWebSocket
{
    /// <summary>The peer reads what we send; while false, our frames wait (TCP backpressure).</summary>
    private bool _peerReading = true;

    /// <summary>The peer dropped the connection: what it sent before is still received, then end of stream.</summary>
    private bool _peerDropped;

    /// <summary>The peer sent a close frame: it does not answer ours again.</summary>
    private bool _peerSentClose;

    internal bool PeerIsReading => _peerReading;

    internal bool PeerHasDropped => _peerDropped;

    internal bool PeerHasSentClose => _peerSentClose;

    internal void PeerSends(InboundFrame frame)
    {
        if (_peerDropped || _disposed)
        {
            return;
        }

        _peerSentClose |= frame.Code == InboundFrame.Opcode.Close;
        _inbound.Enqueue(frame);
        Pump();
    }

    internal void PeerDrops()
    {
        if (_peerDropped || _disposed)
        {
            return;
        }

        _peerDropped = true;
        _inbound.Enqueue(InboundFrame.EndOfStream);
        var pending = _outgoing.ToArray();
        _outgoing.Clear();
        foreach (var frame in pending)
        {
            frame.Done.TrySetException(new WebSocketException(WebSocketError.ConnectionClosedPrematurely));
        }

        Pump();
    }

    internal void PeerSetReading(bool reading)
    {
        _peerReading = reading;
        Drain();
    }
}
