using System.Net.WebSockets;
using System.Reactive.Concurrency;
using System.Reactive.Disposables;

namespace RxWebSocketStream.Testing;

/// <summary>The opening handshake in virtual time, shaped like a client-connect factory.</summary>
public sealed partial class VirtualPeer
{
    private bool _connectCalled;

    /// <summary>Gets the URI passed to <see cref="ConnectAsync"/>, or <see langword="null"/> before it is called.</summary>
    public Uri? RequestedUri { get; private set; }

    /// <summary>Gets the sub-protocols passed to <see cref="ConnectAsync"/> (empty before it is called).</summary>
    public IReadOnlyList<string> RequestedSubProtocols { get; private set; } = [];

    /// <summary>
    /// Connects to this peer, as a client-connect factory would (for example a
    /// <c>Func&lt;Uri, IReadOnlyList&lt;string&gt;, CancellationToken, Task&lt;WebSocket&gt;&gt;</c> given to a connection):
    /// completes with <see cref="Socket"/> after <see cref="VirtualPeerOptions.HandshakeDelay"/> of virtual time
    /// (synchronously when zero), or faults with <see cref="VirtualPeerOptions.HandshakeFailure"/>.
    /// </summary>
    /// <param name="uri">The URI the client asked for (recorded in <see cref="RequestedUri"/>).</param>
    /// <param name="subProtocols">The sub-protocols the client offered; <see langword="null"/> for none.</param>
    /// <param name="cancellationToken">Cancels the handshake.</param>
    /// <returns>The open socket.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="uri"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">It was already called: a peer serves one connection.</exception>
    /// <exception cref="WebSocketException">
    /// (In the task.) The peer selects a sub-protocol the client did not offer (<see cref="WebSocketError.UnsupportedProtocol"/>, as
    /// <see cref="ClientWebSocket"/> fails).
    /// </exception>
    /// <exception cref="OperationCanceledException">(In the task.) The token was cancelled before the socket opened.</exception>
    public Task<WebSocket> ConnectAsync(Uri uri, IReadOnlyList<string>? subProtocols, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (_connectCalled)
        {
            throw new InvalidOperationException("This virtual peer already served a connection; create one peer per connection.");
        }

        _connectCalled = true;
        RequestedUri = uri;
        RequestedSubProtocols = subProtocols?.ToArray() ?? [];
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<WebSocket>(cancellationToken);
        }

        var handshake = new TaskCompletionSource<WebSocket>();
        if (Options.HandshakeDelay <= TimeSpan.Zero)
        {
            Open(handshake);
            return handshake.Task;
        }

        var registration = cancellationToken.Register(() => handshake.TrySetCanceled(cancellationToken));
        Schedule((self: this, handshake, registration), Options.HandshakeDelay, static s =>
        {
            s.registration.Dispose();
            s.self.Open(s.handshake);
            return Disposable.Empty;
        });
        return handshake.Task;
    }

    private void Open(TaskCompletionSource<WebSocket> handshake)
    {
        if (handshake.Task.IsCompleted)
        {
            return;
        }

        if (Options.HandshakeFailure is { } failure)
        {
            handshake.TrySetException(failure);
        }
        else if (Options.SubProtocol is { } selected && !RequestedSubProtocols.Contains(selected, StringComparer.OrdinalIgnoreCase))
        {
            handshake.TrySetException(new WebSocketException(
                WebSocketError.UnsupportedProtocol,
                $"The WebSocket client request requested '{string.Join(", ", RequestedSubProtocols)}' protocol(s), but server is only accepting '{selected}' protocol(s)."));
        }
        else
        {
            // The keep-alive clock starts when the socket opens, not when the peer was made.
            Socket.StartKeepAlive();
            handshake.TrySetResult(Socket);
        }
    }
}
