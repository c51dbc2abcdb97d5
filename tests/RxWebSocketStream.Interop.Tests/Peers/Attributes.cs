namespace RxWebSocketStream.Interop.Tests.Peers;

// The skip-or-fail rule of Peer, as xunit attributes: the skip reason is set at discovery time when the
// peer is missing and CI is not "true". In CI the test runs, and starting the peer throws
// PeerMissingException with the same message.

/// <summary>A fact that needs Node.js and the ws package.</summary>
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute() => Skip = Peer.Node.SkipReason;
}

/// <summary>A theory that needs Node.js and the ws package.</summary>
public sealed class NodeTheoryAttribute : TheoryAttribute
{
    public NodeTheoryAttribute() => Skip = Peer.Node.SkipReason;
}

/// <summary>A fact that needs Chromium.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute() => Skip = Peer.Chromium.SkipReason;
}

/// <summary>A theory that needs Chromium.</summary>
public sealed class ChromiumTheoryAttribute : TheoryAttribute
{
    public ChromiumTheoryAttribute() => Skip = Peer.Chromium.SkipReason;
}

/// <summary>A theory that needs both Chromium and Node.js with ws (the browser against ws's server).</summary>
public sealed class ChromiumAndNodeTheoryAttribute : TheoryAttribute
{
    public ChromiumAndNodeTheoryAttribute() => Skip = Peer.Chromium.SkipReason ?? Peer.Node.SkipReason;
}
