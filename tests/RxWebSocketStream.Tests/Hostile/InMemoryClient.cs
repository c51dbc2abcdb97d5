using System.Net.WebSockets;
using RxWebSocketStream.Tests.Server;

namespace RxWebSocketStream.Tests.Hostile;

/// <summary>
/// A library client over <see cref="InMemoryDuplex"/>: the BCL's own client socket
/// (<see cref="WebSocket.CreateFromStream(Stream, WebSocketCreationOptions)"/>, no keep-alive so that it
/// never writes of its own accord) wrapped by <see cref="WebSocketConnection.Create"/>. The test plays the
/// server by writing raw bytes and reading back the frames the client wrote.
/// </summary>
internal sealed class InMemoryClient : IDisposable
{
    private InMemoryClient(InMemoryDuplex wire, WebSocketConnection connection)
    {
        Wire = wire;
        Connection = connection;
    }

    public InMemoryDuplex Wire { get; }

    public WebSocketConnection Connection { get; }

    public static InMemoryClient Open(WebSocketConnectionOptions options)
    {
        var wire = new InMemoryDuplex();
        var socket = WebSocket.CreateFromStream(wire.ClientStream, new WebSocketCreationOptions { IsServer = false, KeepAliveInterval = TimeSpan.Zero });
        return new InMemoryClient(wire, WebSocketConnection.Create(socket, options));
    }

    /// <summary>The frames the client wrote since the last call, unmasked.</summary>
    public IReadOnlyList<Frame> TakeClientFrames()
    {
        // The client writes whole frames, synchronously: the bytes taken always end on a frame boundary.
        using var bytes = new MemoryStream(Wire.TakeClientBytes());
        var frames = new List<Frame>();
        while (Frames.ReadAsync(bytes).GetAwaiter().GetResult() is { } frame)
        {
            frames.Add(frame);
        }

        return frames;
    }

    public void Dispose()
    {
        Connection.Dispose();
        Wire.Dispose();
    }
}
