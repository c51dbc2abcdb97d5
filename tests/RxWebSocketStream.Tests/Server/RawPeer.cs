using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RxWebSocketStream.Tests.Server;

/// <summary>
/// A hostile peer on raw TCP (127.0.0.1, free port): it does the HTTP upgrade by hand, with the correct
/// Sec-WebSocket-Accept, then writes whatever frames a test hands it and reads back, unmasked, the frames
/// our side put on the wire. It breaks RFC 6455 on request; the BCL would not let a server do that.
/// </summary>
internal sealed class RawPeer : IAsyncDisposable
{
    private readonly TcpListener _listener;

    private RawPeer(TcpListener listener) => _listener = listener;

    public Uri Url => new($"ws://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/hostile");

    public static RawPeer Start()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new RawPeer(listener);
    }

    /// <summary>Accepts one client and answers its upgrade request with 101, adding any extra header lines given.</summary>
    public async Task<RawConnection> AcceptAsync(params string[] extraResponseHeaders)
    {
        var connection = await AcceptRequestAsync();
        await connection.AnswerUpgradeAsync(connection.Request, extraResponseHeaders);
        return connection;
    }

    /// <summary>
    /// Accepts one client and reads its whole upgrade request without answering it: the handshake is left
    /// in the middle, for a test to answer partly (<see cref="RawConnection.WriteRawAsync"/>) or drop.
    /// </summary>
    public async Task<RawConnection> AcceptRequestAsync()
    {
        var client = await _listener.AcceptTcpClientAsync();
        var request = await ReadHeadAsync(client.GetStream());
        return new RawConnection(client, request);
    }

    public ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Dispose();
        return ValueTask.CompletedTask;
    }

    internal static async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || !(head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            await stream.ReadExactlyAsync(one);
            head.Add(one[0]);
        }

        return Encoding.ASCII.GetString(head.ToArray());
    }

    public static string? HeaderValue(string head, string name) =>
        head.Split("\r\n")
            .Where(line => line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
            .Select(line => line[(name.Length + 1)..].Trim())
            .FirstOrDefault();
}

/// <summary>The server end of one raw connection.</summary>
internal sealed class RawConnection(TcpClient client, string request) : IDisposable
{
    private readonly NetworkStream _stream = client.GetStream();

    /// <summary>The client's HTTP upgrade request, as received.</summary>
    public string Request { get; } = request;

    /// <summary>Reads the next HTTP head on this connection: the upgrade request after a proxy's CONNECT, for example.</summary>
    public Task<string> ReadHeadAsync() => RawPeer.ReadHeadAsync(_stream);

    /// <summary>Answers <paramref name="request"/>, an upgrade request, with 101 and any extra header lines given.</summary>
    public Task AnswerUpgradeAsync(string request, params string[] extraResponseHeaders)
    {
        var key = RawPeer.HeaderValue(request, "Sec-WebSocket-Key")
            ?? throw new InvalidOperationException($"The client's upgrade request has no Sec-WebSocket-Key:\n{request}");
        return WriteRawAsync(
            "HTTP/1.1 101 Switching Protocols\r\n" +
            "Upgrade: websocket\r\n" +
            "Connection: Upgrade\r\n" +
            $"Sec-WebSocket-Accept: {Frames.AcceptKey(key)}\r\n" +
            string.Concat(extraResponseHeaders.Select(h => h + "\r\n")) +
            "\r\n");
    }

    public Task SendAsync(Opcode opcode, ReadOnlyMemory<byte> payload, bool fin = true) => Frames.WriteAsync(_stream, opcode, payload, fin);

    public Task SendTextAsync(string text) => SendAsync(Opcode.Text, Encoding.UTF8.GetBytes(text));

    /// <summary>Writes <paramref name="ascii"/> as it is: an HTTP response, or the start of one.</summary>
    public Task WriteRawAsync(string ascii) => WriteBytesAsync(Encoding.ASCII.GetBytes(ascii));

    /// <summary>Writes these bytes as they are: torn headers, lying lengths, masked server frames.</summary>
    public async Task WriteBytesAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    public Task SendCloseAsync(int code, string reason = "") => SendAsync(Opcode.Close, Frames.CloseBody(code, reason));

    /// <summary>The next frame our side sent (unmasked), or <see langword="null"/> when it closed the TCP connection.</summary>
    public Task<Frame?> ReadAsync() => Frames.ReadAsync(_stream);

    /// <summary>The close frame our side sent, skipping data frames before it.</summary>
    public async Task<Frame> ReadCloseAsync() =>
        await Frames.ReadCloseAsync(_stream) ?? throw new InvalidOperationException("The client closed the TCP connection without sending a close frame.");

    /// <summary>Completes with <see langword="true"/> when the client has closed the TCP connection and sent nothing more.</summary>
    public async Task<bool> ReadEndAsync()
    {
        try
        {
            return await Frames.ReadAsync(_stream) is null;
        }
        catch (IOException)
        {
            // A reset is an end too.
            return true;
        }
    }

    /// <summary>
    /// Closes the TCP connection (FIN, after everything written): without a close handshake it is a drop;
    /// after one it is what a server does next (a BCL client waits a second for it otherwise).
    /// </summary>
    public void Drop()
    {
        client.Client.Shutdown(SocketShutdown.Both);
        client.Dispose();
    }

    /// <summary>
    /// Half-closes the TCP connection (FIN after everything written) but goes on reading: after the close
    /// handshake this ends the client's wait for the server to close, and anything the client still sends
    /// until it closes its end can be read.
    /// </summary>
    public void EndSending() => client.Client.Shutdown(SocketShutdown.Send);

    public void Dispose() => client.Dispose();
}
