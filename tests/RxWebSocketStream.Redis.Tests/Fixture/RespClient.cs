using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RxWebSocketStream.Redis.Tests.Fixture;

/// <summary>
/// Just enough of the Redis protocol (RESP2) for the fixture to talk to the server without the client library under
/// test: one command on a fresh connection, and its reply as text (a simple string, an integer, a bulk string, or an
/// array as its elements one per line; an error reply throws). Used for PING, INFO, CONFIG and PUBSUB.
/// </summary>
internal static class RespClient
{
    public static Task<string> CommandAsync(int port, params string[] command) =>
        CommandAsync(port, [.. command.Select(static part => Encoding.UTF8.GetBytes(part))]);

    /// <summary>A command whose arguments are bytes (a binary PUBLISH payload).</summary>
    public static async Task<string> CommandAsync(int port, params byte[][] command)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port).WaitAsync(Guard.HangTimeout).ConfigureAwait(false);
        var stream = client.GetStream();
        var request = new MemoryStream();
        request.Write(Encoding.ASCII.GetBytes($"*{command.Length}\r\n"));
        foreach (var part in command)
        {
            request.Write(Encoding.ASCII.GetBytes($"${part.Length}\r\n"));
            request.Write(part);
            request.Write("\r\n"u8);
        }

        await stream.WriteAsync(request.ToArray()).ConfigureAwait(false);
        var name = Encoding.UTF8.GetString(command[0]);
        return await ReplyAsync(new Reader(stream), name).ConfigureAwait(false);
    }

    private static async Task<string> ReplyAsync(Reader reader, string command)
    {
        var header = await reader.LineAsync().ConfigureAwait(false);
        var number = header.Length > 1 && header[0] is '$' or '*' ? int.Parse(header[1..], CultureInfo.InvariantCulture) : 0;
        switch (header[0])
        {
            case '+' or ':':
                return header[1..];
            case '-':
                throw new InvalidOperationException($"redis-server answered {command} with an error: {header[1..]}");
            case '$':
                return number < 0 ? string.Empty : Encoding.UTF8.GetString(await reader.BytesAsync(number).ConfigureAwait(false));
            case '*':
                var elements = new List<string>();
                for (var i = 0; i < number; i++)
                {
                    elements.Add(await ReplyAsync(reader, command).ConfigureAwait(false));
                }

                return string.Join('\n', elements);
            default:
                throw new InvalidOperationException($"Unexpected reply to {command}: {header}");
        }
    }

    private sealed class Reader(NetworkStream stream)
    {
        private readonly List<byte> _buffered = [];

        public async Task<string> LineAsync()
        {
            int end;
            while ((end = IndexOfCrLf()) < 0)
            {
                await FillAsync().ConfigureAwait(false);
            }

            var line = Encoding.UTF8.GetString([.. _buffered.Take(end)]);
            _buffered.RemoveRange(0, end + 2);
            return line;
        }

        public async Task<byte[]> BytesAsync(int count)
        {
            while (_buffered.Count < count + 2)
            {
                await FillAsync().ConfigureAwait(false);
            }

            var bytes = _buffered.Take(count).ToArray();
            _buffered.RemoveRange(0, count + 2);
            return bytes;
        }

        private int IndexOfCrLf()
        {
            for (var i = 0; i + 1 < _buffered.Count; i++)
            {
                if (_buffered[i] == '\r' && _buffered[i + 1] == '\n')
                {
                    return i;
                }
            }

            return -1;
        }

        private async Task FillAsync()
        {
            var chunk = new byte[4096];
            var read = await stream.ReadAsync(chunk).AsTask().WaitAsync(Guard.HangTimeout).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException("redis-server closed the connection before it finished its reply.");
            }

            _buffered.AddRange(chunk.AsSpan(0, read));
        }
    }
}
