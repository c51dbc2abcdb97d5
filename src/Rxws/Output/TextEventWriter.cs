using System.Globalization;
using System.Text.Encodings.Web;
using RxWebSocketStream;

namespace Rxws.Output;

/// <summary>
/// The readable form of the events, one line each, flushed per line:
/// <code>
/// listening ws://127.0.0.1:5000/
/// [1] open protocol "chat" extensions ""
/// [1] text "hello"
/// [1] binary 4 bytes yv66vg==
/// [1] closed clean 4000 "bye"
/// [1] error The WebSocket handshake with ws://... failed: ...
/// </code>
/// The <c>[N]</c> connection prefix appears in serve only. Strings are quoted with JSON escapes, so a text
/// message with a line break stays on one line; binary payloads are base64, as <c>connect --binary</c> reads them.
/// </summary>
internal sealed class TextEventWriter : IEventWriter
{
    private readonly TextWriter _output;
    private readonly object _gate = new();

    public TextEventWriter(TextWriter output) => _output = output;

    public void Listening(Uri url) => Write(null, $"listening {url}");

    public void Open(int? conn, WebSocketOpenInfo info) =>
        Write(conn, $"open protocol {Quote(info.Protocol)} extensions {Quote(info.Extensions)}");

    public void Message(int? conn, Message message) => Write(conn, message.IsText
        ? $"text {Quote(message.Text)}"
        : string.Create(CultureInfo.InvariantCulture, $"binary {message.Data.Length} bytes {Convert.ToBase64String(message.Data.Span)}"));

    public void Closed(int? conn, CloseOutcome outcome)
    {
        var code = outcome.Code is { } value ? value.ToString(CultureInfo.InvariantCulture) : "(no code)";
        Write(conn, $"closed {(outcome.Clean ? "clean" : "unclean")} {code} {Quote(outcome.Reason)}");
    }

    public void Error(int? conn, string message) => Write(conn, $"error {message.ReplaceLineEndings(" ")}");

    private static string Quote(string value) => $"\"{JavaScriptEncoder.UnsafeRelaxedJsonEscaping.Encode(value)}\"";

    private void Write(int? conn, string line)
    {
        lock (_gate)
        {
            if (conn is { } number)
            {
                _output.Write(string.Create(CultureInfo.InvariantCulture, $"[{number}] "));
            }

            _output.WriteLine(line);
            _output.Flush();
        }
    }
}
