using RxWebSocketStream;

namespace Rxws.Bench;

/// <summary>Opening and closing library connections the way a user does.</summary>
internal static class LibraryClient
{
    public static async Task<WebSocketConnection> ConnectAsync(Uri url, WebSocketConnectionOptions? options, CancellationToken cancellationToken)
    {
        var connection = WebSocketConnection.Connect(url, options);
        await connection.Opened.WaitAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    /// <summary>Closes with 1000 and waits for the close handshake to end, however it ends.</summary>
    public static async Task CloseAsync(WebSocketConnection connection)
    {
        connection.Close(new WebSocketCloseInfo(WebSocketCloseCodes.NormalClosure));
        await connection.DisposeAsync().ConfigureAwait(false);
    }
}
