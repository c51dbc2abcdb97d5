using System.Globalization;
using Rxws.Output;
using RxWebSocketStream;

namespace Rxws.Connect;

/// <summary>
/// Sends each line of standard input as one message (text, or with <c>--binary</c> the bytes of a base64
/// line), then closes at the end of input. Runs beside the connection and is never awaited by it: when the
/// connection closes from either side the tool exits at once, whatever this pump is blocked on.
/// </summary>
/// <remarks>
/// Reading starts once the connection is open, so an input that ends at once closes cleanly rather than
/// aborting the handshake. Each send is awaited before the next line is read, so a fast input is slowed to
/// the pace of the socket (the library's send backpressure) instead of overflowing the send buffer. A line
/// that is not valid base64 under <c>--binary</c> is reported as an <c>error</c> event and skipped; the
/// connection stays open.
/// </remarks>
internal static class StdinPump
{
    /// <summary>Starts pumping; the task ends when input ends, the connection ends, or <paramref name="stop"/> is cancelled. Never faults.</summary>
    public static Task RunAsync(TextReader input, WebSocketConnection connection, bool binary, WebSocketCloseInfo? closeInfo, IEventWriter events, CancellationToken stop) =>
        Task.Run(() => PumpAsync(input, connection, binary, closeInfo, events, stop), CancellationToken.None);

    private static async Task PumpAsync(TextReader input, WebSocketConnection connection, bool binary, WebSocketCloseInfo? closeInfo, IEventWriter events, CancellationToken stop)
    {
        try
        {
            await connection.Opened.WaitAsync(stop).ConfigureAwait(false);
            var lineNumber = 0;
            while (await input.ReadLineAsync(stop).ConfigureAwait(false) is { } line)
            {
                lineNumber++;
                if (!TryMakeMessage(line, binary, out var message))
                {
                    events.Error(null, string.Create(CultureInfo.InvariantCulture,
                        $"input line {lineNumber} is not valid base64; it was not sent."));
                    continue;
                }

                await connection.SendAsync(message, stop).ConfigureAwait(false);
            }

            connection.Close(closeInfo);
        }
        catch (Exception)
        {
            // The connection failed or closed (Closed reports how), or the command is ending: nothing left
            // to send to.
        }
    }

    private static bool TryMakeMessage(string line, bool binary, out Message message)
    {
        if (!binary)
        {
            message = Message.FromText(line);
            return true;
        }

        var bytes = new byte[line.Length * 3 / 4 + 3];
        if (Convert.TryFromBase64String(line, bytes, out var written))
        {
            message = Message.FromBinary(bytes.AsMemory(0, written));
            return true;
        }

        message = default;
        return false;
    }
}
