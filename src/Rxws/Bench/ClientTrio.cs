using System.Net.WebSockets;
using RxWebSocketStream;

namespace Rxws.Bench;

/// <summary>
/// The three clients a receive-side scenario compares, each on its own connection to the bench server: a raw
/// <see cref="ClientWebSocket"/> (the baseline), a library connection consumed by <c>Subscribe</c>, and one
/// consumed by <c>ReadAllAsync</c>.
/// </summary>
internal sealed class ClientTrio : IAsyncDisposable
{
    private readonly IDisposable _subscription;

    private ClientTrio(ClientWebSocket raw, WebSocketConnection subscribed, IDisposable subscription, WebSocketConnection pulled)
    {
        Raw = raw;
        Subscribed = subscribed;
        _subscription = subscription;
        Pulled = pulled;
        Reader = pulled.ReadAllAsync(CancellationToken.None).GetAsyncEnumerator(CancellationToken.None);
    }

    public ClientWebSocket Raw { get; }

    public WebSocketConnection Subscribed { get; }

    public WebSocketConnection Pulled { get; }

    public IAsyncEnumerator<Message> Reader { get; }

    /// <summary>Connects all three; <paramref name="observer"/> is subscribed to the second.</summary>
    public static async Task<ClientTrio> ConnectAsync(Uri url, IObserver<Message> observer, CancellationToken cancellationToken)
    {
        var raw = await RawClient.ConnectAsync(url, cancellationToken).ConfigureAwait(false);
        var subscribed = await LibraryClient.ConnectAsync(url, null, cancellationToken).ConfigureAwait(false);
        var subscription = subscribed.Subscribe(observer);
        var pulled = await LibraryClient.ConnectAsync(url, null, cancellationToken).ConfigureAwait(false);
        return new ClientTrio(raw, subscribed, subscription, pulled);
    }

    public async ValueTask DisposeAsync()
    {
        await RawClient.CloseAsync(Raw).ConfigureAwait(false);
        _subscription.Dispose();
        await LibraryClient.CloseAsync(Subscribed).ConfigureAwait(false);
        await Reader.DisposeAsync().ConfigureAwait(false);
        await LibraryClient.CloseAsync(Pulled).ConfigureAwait(false);
    }
}
