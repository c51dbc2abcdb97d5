using System.Net.Sockets;
using System.Net.WebSockets;

namespace Rxws.Soak;

/// <summary>
/// The socket the library sends through in a soak: a real <see cref="ClientWebSocket"/> over a TCP socket
/// the soak opened itself, passed through unchanged, except that it tells the ledger which message the library
/// handed to it and whether it took it. That is the ground truth for "in doubt" (the socket took it, its
/// echo never came) against "lost" (never handed over, yet not reported unsent). Holding the TCP socket also
/// lets the client break the connection under the library, as a network failure would.
/// </summary>
internal sealed class ObservedSocket : WebSocket
{
    private readonly ClientWebSocket _inner;
    private readonly Socket _tcp;
    private readonly HttpMessageInvoker _invoker;
    private readonly SoakLedger _ledger;

    private ObservedSocket(ClientWebSocket inner, Socket tcp, HttpMessageInvoker invoker, SoakLedger ledger)
    {
        _inner = inner;
        _tcp = tcp;
        _invoker = invoker;
        _ledger = ledger;
    }

    public override WebSocketCloseStatus? CloseStatus => _inner.CloseStatus;

    public override string? CloseStatusDescription => _inner.CloseStatusDescription;

    public override WebSocketState State => _inner.State;

    public override string? SubProtocol => _inner.SubProtocol;

    /// <summary>The library's <see cref="RxWebSocketStream.WebSocketConnectionOptions.SocketFactory"/>: connects over a TCP socket of our own.</summary>
    public static async Task<ObservedSocket> ConnectAsync(Uri url, IReadOnlyList<string> protocols, SoakLedger ledger, CancellationToken cancellationToken)
    {
        Socket? tcp = null;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, token) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, token).ConfigureAwait(false);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }

                tcp = socket;
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        var invoker = new HttpMessageInvoker(handler);
        var client = new ClientWebSocket();
        try
        {
            foreach (var protocol in protocols)
            {
                client.Options.AddSubProtocol(protocol);
            }

            await client.ConnectAsync(url, invoker, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            client.Dispose();
            invoker.Dispose();
            throw;
        }

        // SocketsHttpHandler opens every connection through ConnectCallback, so the socket is ours.
        return new ObservedSocket(client, tcp ?? throw new InvalidOperationException("The handshake did not connect through the soak's own socket."), invoker, ledger);
    }

    /// <summary>
    /// Breaks the TCP connection under the library, which notices only through its own reads and writes: a
    /// read then ends (the connection was lost without a close handshake) and a write fails.
    /// </summary>
    public void BreakTcp()
    {
        try
        {
            _tcp.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already gone: the library or the peer ended it first.
        }
    }

    public override ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
    {
        var sequence = SoakPayload.Read(buffer.Span, messageType);
        _ledger.Handed(sequence);
        ValueTask send;
        try
        {
            send = _inner.SendAsync(buffer, messageType, endOfMessage, cancellationToken);
        }
        catch
        {
            _ledger.Written(sequence, succeeded: false);
            throw;
        }

        if (send.IsCompletedSuccessfully)
        {
            // Consume the result, as awaiting would: a pooled source is returned for reuse.
            send.GetAwaiter().GetResult();
            _ledger.Written(sequence, succeeded: true);
            return default;
        }

        return AwaitWrittenAsync(send, sequence);
    }

    public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken) =>
        SendAsync(buffer.AsMemory(), messageType, endOfMessage, cancellationToken).AsTask();

    public override ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        _inner.ReceiveAsync(buffer, cancellationToken);

    public override Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer, CancellationToken cancellationToken) =>
        _inner.ReceiveAsync(buffer, cancellationToken);

    public override Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        _inner.CloseAsync(closeStatus, statusDescription, cancellationToken);

    public override Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription, CancellationToken cancellationToken) =>
        _inner.CloseOutputAsync(closeStatus, statusDescription, cancellationToken);

    public override void Abort() => _inner.Abort();

    public override void Dispose()
    {
        _inner.Dispose();
        _invoker.Dispose();
    }

    private async ValueTask AwaitWrittenAsync(ValueTask send, long sequence)
    {
        try
        {
            await send.ConfigureAwait(false);
        }
        catch
        {
            _ledger.Written(sequence, succeeded: false);
            throw;
        }

        _ledger.Written(sequence, succeeded: true);
    }
}
