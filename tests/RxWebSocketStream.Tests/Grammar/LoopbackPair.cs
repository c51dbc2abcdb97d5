using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;

namespace RxWebSocketStream.Tests.Grammar;

/// <summary>
/// Two BCL WebSockets joined by a real TCP connection on 127.0.0.1, with no HTTP handshake (each end is made
/// by <see cref="WebSocket.CreateFromStream(Stream, WebSocketCreationOptions)"/>, keep-alive off so that
/// neither writes of its own accord). The client end is for the connection under test; the peer end is
/// the test's, and its reads complete on the thread pool, so the connection delivers on pool threads as it
/// does in production. Cheap enough to open hundreds of times in a test.
/// </summary>
internal sealed class LoopbackPair : IDisposable
{
    private readonly TcpClient _clientTcp;
    private readonly TcpClient _peerTcp;

    private LoopbackPair(TcpClient clientTcp, TcpClient peerTcp)
    {
        _clientTcp = clientTcp;
        _peerTcp = peerTcp;
        Client = WebSocket.CreateFromStream(clientTcp.GetStream(), new WebSocketCreationOptions { IsServer = false, KeepAliveInterval = TimeSpan.Zero });
        Peer = WebSocket.CreateFromStream(peerTcp.GetStream(), new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
    }

    /// <summary>The client end: hand it to <see cref="WebSocketConnection.Create"/>.</summary>
    public WebSocket Client { get; }

    /// <summary>The peer end, driven by the test.</summary>
    public WebSocket Peer { get; }

    public static async Task<LoopbackPair> OpenAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var client = new TcpClient { NoDelay = true };
        var accepting = listener.AcceptTcpClientAsync();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port).ConfigureAwait(false);
        var peer = await accepting.ConfigureAwait(false);
        peer.NoDelay = true;
        return new LoopbackPair(client, peer);
    }

    public Task PeerSendAsync(string text) =>
        Peer.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>The next text message the client sent.</summary>
    public async Task<string> PeerReceiveTextAsync()
    {
        var buffer = new byte[4096];
        var result = await Peer.ReceiveAsync(buffer, CancellationToken.None).ConfigureAwait(false);
        Assert.Equal(WebSocketMessageType.Text, result.MessageType);
        Assert.True(result.EndOfMessage, "The test reads short messages in one go.");
        return Encoding.UTF8.GetString(buffer, 0, result.Count);
    }

    /// <summary>
    /// Reads what the client sends until its close frame (handing each text message to <paramref name="onText"/>, if
    /// given, else dropping it), then answers with the same code and reason and ends its side of TCP, as a polite
    /// server does; with <paramref name="answer"/> false it stays silent instead. Ends quietly when the connection is lost.
    /// </summary>
    public async Task AnswerCloseAsync(bool answer = true, Action<string>? onText = null)
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var result = await Peer.ReceiveAsync(buffer, CancellationToken.None).ConfigureAwait(false);
                if (result.MessageType != WebSocketMessageType.Close)
                {
                    if (result.MessageType == WebSocketMessageType.Text)
                    {
                        Assert.True(result.EndOfMessage, "The test reads short messages in one go.");
                        onText?.Invoke(Encoding.UTF8.GetString(buffer, 0, result.Count));
                    }

                    continue;
                }

                // The peer may have started the close itself; then the client's frame is already the answer. The
                // BCL cannot send an empty close body, so an empty one is answered with 1000.
                if (!answer)
                {
                    return;
                }

                if (Peer.State == WebSocketState.CloseReceived)
                {
                    await Peer.CloseOutputAsync(result.CloseStatus ?? WebSocketCloseStatus.NormalClosure, result.CloseStatusDescription, CancellationToken.None).ConfigureAwait(false);
                }

                // RFC 6455 7.1.1: the server closes TCP first. A BCL client waits for that (up to a second of
                // real time) before its close completes.
                _peerTcp.Client.Shutdown(SocketShutdown.Send);
                return;
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away (aborted, or reset by the test): nothing left to answer.
        }
    }

    /// <summary>Resets the TCP connection from the peer's side (an RST, not a FIN), as a crashed peer does.</summary>
    public void ResetFromPeer()
    {
        _peerTcp.Client.LingerState = new LingerOption(enable: true, seconds: 0);
        _peerTcp.Client.Close();
    }

    public void Dispose()
    {
        Client.Dispose();
        Peer.Dispose();
        _clientTcp.Dispose();
        _peerTcp.Dispose();
    }
}
