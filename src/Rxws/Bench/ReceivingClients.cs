using System.Net.WebSockets;
using RxWebSocketStream;
using Websocket.Client;

namespace Rxws.Bench;

/// <summary>
/// The clients a receive-side scenario compares, each on its own connection to the bench server: a raw
/// <see cref="ClientWebSocket"/> (the baseline), a second raw one for "raw + copy", a library connection consumed by
/// <c>Subscribe</c>, one consumed by <c>ReadAllAsync</c>, and a Websocket.Client (<see cref="PeerClient"/>).
/// </summary>
internal sealed class ReceivingClients : IAsyncDisposable
{
    private readonly IDisposable _subscription;
    private readonly IDisposable _peerSubscription;

    private ReceivingClients(ClientWebSocket raw, ClientWebSocket rawCopy, WebSocketConnection subscribed, IDisposable subscription, WebSocketConnection pulled, WebsocketClient peer, IDisposable peerSubscription)
    {
        Raw = raw;
        RawCopy = rawCopy;
        Subscribed = subscribed;
        _subscription = subscription;
        Pulled = pulled;
        Reader = pulled.ReadAllAsync(CancellationToken.None).GetAsyncEnumerator(CancellationToken.None);
        Peer = peer;
        _peerSubscription = peerSubscription;
    }

    public ClientWebSocket Raw { get; }

    public ClientWebSocket RawCopy { get; }

    public WebSocketConnection Subscribed { get; }

    public WebSocketConnection Pulled { get; }

    public IAsyncEnumerator<Message> Reader { get; }

    public WebsocketClient Peer { get; }

    /// <summary>Connects them all; <paramref name="observer"/> is subscribed to the library's, <paramref name="peerObserver"/> to Websocket.Client's messages.</summary>
    public static async Task<ReceivingClients> ConnectAsync(Uri url, IObserver<Message> observer, IObserver<ResponseMessage> peerObserver, CancellationToken cancellationToken)
    {
        var raw = await RawClient.ConnectAsync(url, cancellationToken).ConfigureAwait(false);
        var rawCopy = await RawClient.ConnectAsync(url, cancellationToken).ConfigureAwait(false);
        var subscribed = await LibraryClient.ConnectAsync(url, null, cancellationToken).ConfigureAwait(false);
        var subscription = subscribed.Subscribe(observer);
        var pulled = await LibraryClient.ConnectAsync(url, null, cancellationToken).ConfigureAwait(false);
        var peer = await PeerClient.ConnectAsync(url, cancellationToken).ConfigureAwait(false);
        var peerSubscription = peer.MessageReceived.Subscribe(peerObserver);
        return new ReceivingClients(raw, rawCopy, subscribed, subscription, pulled, peer, peerSubscription);
    }

    public async ValueTask DisposeAsync()
    {
        await RawClient.CloseAsync(Raw).ConfigureAwait(false);
        await RawClient.CloseAsync(RawCopy).ConfigureAwait(false);
        _subscription.Dispose();
        await LibraryClient.CloseAsync(Subscribed).ConfigureAwait(false);
        await Reader.DisposeAsync().ConfigureAwait(false);
        await LibraryClient.CloseAsync(Pulled).ConfigureAwait(false);
        _peerSubscription.Dispose();
        await PeerClient.CloseAsync(Peer).ConfigureAwait(false);
    }
}
