using RxWebSocketStream.Testing;

namespace RxWebSocketStream.Tests.Multiplexing;

/// <summary>
/// A connection over a virtual peer, in virtual time, with the test's topic convention: topic <c>x</c> is
/// subscribed with the text <c>sub:x</c>, unsubscribed with <c>unsub:x</c>, and its messages start with <c>x:</c>.
/// </summary>
internal sealed class VirtualLink
{
    public const long Ms = TimeSpan.TicksPerMillisecond;

    public VirtualLink(TestScheduler scheduler, VirtualPeerOptions? peerOptions = null)
    {
        Peer = new VirtualPeer(scheduler, peerOptions);
        Connection = WebSocketConnection.Create(Peer.Socket, new() { Scheduler = scheduler });
    }

    public VirtualPeer Peer { get; }

    public WebSocketConnection Connection { get; }

    /// <summary>The text messages our side put on the wire, in order.</summary>
    public IReadOnlyList<string> WireTexts => [.. Peer.ReceivedActions.Where(a => a.Text is not null).Select(a => a.Text!)];

    public static Message Sub(string topic) => Message.FromText($"sub:{topic}");

    public static Message Unsub(string topic) => Message.FromText($"unsub:{topic}");

    public static Func<Message, bool> Of(string topic) => m => m.IsText && m.Text.StartsWith($"{topic}:", StringComparison.Ordinal);
}
