using System.Buffers.Binary;
using System.Globalization;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;

namespace RxWebSocketStream.AspNetCore.Tests;

/// <summary>
/// A WebSocket client written by hand over a TCP socket: it sends exactly the handshake the test asks for,
/// shows the raw HTTP response, reads frames, and answers nothing (a silent peer).
/// </summary>
internal sealed class RawClient : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;

    private RawClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    /// <summary>Gets the status code of the handshake response.</summary>
    public int StatusCode { get; private set; }

    /// <summary>Gets the response head (status line and headers).</summary>
    public string ResponseHead { get; private set; } = string.Empty;

    /// <summary>Connects and sends a WebSocket handshake for <paramref name="url"/> with the extra headers, then reads the response head.</summary>
    public static async Task<RawClient> HandshakeAsync(Uri url, params string[] extraHeaders)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(url.Host, url.Port).ConfigureAwait(false);
        var client = new RawClient(tcp);
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        var request = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"GET {url.PathAndQuery} HTTP/1.1\r\n")
            .Append(CultureInfo.InvariantCulture, $"Host: {url.Authority}\r\n")
            .Append("Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n")
            .Append(CultureInfo.InvariantCulture, $"Sec-WebSocket-Key: {key}\r\n");
        foreach (var header in extraHeaders)
        {
            request.Append(header).Append("\r\n");
        }

        await client._stream.WriteAsync(Encoding.ASCII.GetBytes(request.Append("\r\n").ToString())).ConfigureAwait(false);
        await client.ReadHeadAsync().ConfigureAwait(false);
        return client;
    }

    /// <summary>Reads the body of a refusal: Content-Length bytes after the head.</summary>
    public async Task<string> ReadBodyAsync()
    {
        var line = ResponseHead.Split("\r\n").Single(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        var body = new byte[int.Parse(line["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture)];
        Assert.True(await FillAsync(body).ConfigureAwait(false), "The connection ended before the body did.");
        return Encoding.UTF8.GetString(body);
    }

    /// <summary>Writes these bytes as they are: frames made by hand, masked or not, whole or torn.</summary>
    public async Task WriteAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes).ConfigureAwait(false);
        await _stream.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Writes one client frame (FIN set) with <paramref name="payload"/> masked by <paramref name="key"/>.</summary>
    public Task SendMaskedAsync(int opcode, byte[] payload, byte[] key) =>
        WriteAsync([(byte)(0x80 | opcode), (byte)(0x80 | payload.Length), .. key, .. payload.Select((b, i) => (byte)(b ^ key[i % 4]))]);

    /// <summary>Reads one unmasked server frame: its opcode and payload, or <see langword="null"/> when the connection ended.</summary>
    public async Task<(int Opcode, byte[] Payload)?> ReadFrameAsync()
    {
        var head = new byte[2];
        if (!await FillAsync(head).ConfigureAwait(false))
        {
            return null;
        }

        long length = head[1] & 0x7F;
        if (length == 126)
        {
            var ext = new byte[2];
            await FillAsync(ext).ConfigureAwait(false);
            length = BinaryPrimitives.ReadUInt16BigEndian(ext);
        }
        else if (length == 127)
        {
            var ext = new byte[8];
            await FillAsync(ext).ConfigureAwait(false);
            length = BinaryPrimitives.ReadInt64BigEndian(ext);
        }

        var payload = new byte[length];
        return await FillAsync(payload).ConfigureAwait(false) ? (head[0] & 0x0F, payload) : null;
    }

    /// <summary>Reads until the server drops the TCP connection (end of stream or reset); frames are ignored.</summary>
    public async Task WaitForDropAsync()
    {
        var buffer = new byte[1024];
        try
        {
            while (await _stream.ReadAsync(buffer).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (IOException)
        {
            // A reset is a drop too.
        }
    }

    /// <summary>
    /// The BCL's own client socket over this connection once the handshake is done (keep-alive off, so it
    /// writes only what the test asks for): a polite peer for the frames, with <see cref="Reset"/> still at hand.
    /// </summary>
    public WebSocket AsWebSocket() =>
        WebSocket.CreateFromStream(_stream, new WebSocketCreationOptions { IsServer = false, KeepAliveInterval = TimeSpan.Zero });

    /// <summary>Resets the TCP connection (an RST, not a FIN), as a crashed client or a dropped network does.</summary>
    public void Reset()
    {
        _tcp.Client.LingerState = new LingerOption(enable: true, seconds: 0);
        _tcp.Client.Close();
    }

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task ReadHeadAsync()
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await _stream.ReadAsync(one).ConfigureAwait(false) == 0)
            {
                break;
            }

            head.Append((char)one[0]);
        }

        ResponseHead = head.ToString();
        StatusCode = int.Parse(ResponseHead.Split(' ')[1], CultureInfo.InvariantCulture);
    }

    private async Task<bool> FillAsync(byte[] buffer)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            int n;
            try
            {
                n = await _stream.ReadAsync(buffer.AsMemory(read)).ConfigureAwait(false);
            }
            catch (IOException)
            {
                return false;
            }

            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }
}
