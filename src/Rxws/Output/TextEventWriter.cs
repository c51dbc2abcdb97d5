using System.Globalization;
using System.Text.Encodings.Web;
using RxWebSocketStream;

namespace Rxws.Output;

/// <summary>
/// The readable form of the events, one line each, flushed per line:
/// <code>
/// listening ws://127.0.0.1:5000/
/// [1] open protocol "chat" extensions ""
/// [1] message text "hello"
/// [1] message binary 4 bytes yv66vg==
/// [1] closed clean 4000 "bye"
/// [1] error The WebSocket handshake with ws://... failed: ...
/// </code>
/// Each line starts with the event's name, as in the JSON form. The <c>[N]</c> connection prefix appears in
/// serve only. Strings are quoted with JSON escapes, so a text
/// message with a line break stays on one line; binary payloads are base64, as <c>connect --binary</c> reads them.
/// </summary>
internal sealed class TextEventWriter : IEventWriter
{
    private readonly TextWriter _output;
    private readonly Func<string>? _linePrefix;
    private readonly object _gate = new();

    /// <param name="output">Where the lines go.</param>
    /// <param name="linePrefix">Computed for each line and written before it (the demo's time and side); none by default.</param>
    public TextEventWriter(TextWriter output, Func<string>? linePrefix = null)
    {
        _output = output;
        _linePrefix = linePrefix;
    }

    public void Listening(Uri url) => Write(null, $"listening {url}");

    public void Open(int? conn, WebSocketOpenInfo info) =>
        Write(conn, $"open protocol {Quote(info.Protocol)} extensions {Quote(info.Extensions)}");

    public void Message(int? conn, Message message) => Write(conn, $"message {Describe(message)}");

    /// <summary>A message as the readable form shows it: <c>text "hello"</c>, or <c>binary 4 bytes yv66vg==</c> (base64).</summary>
    public static string Describe(Message message) => message.IsText
        ? $"text {Quote(message.Text)}"
        : string.Create(CultureInfo.InvariantCulture, $"binary {message.Data.Length} bytes {Convert.ToBase64String(message.Data.Span)}");

    public void Closed(int? conn, CloseOutcome outcome)
    {
        var code = outcome.Code is { } value ? value.ToString(CultureInfo.InvariantCulture) : "(no code)";
        Write(conn, $"closed {(outcome.Clean ? "clean" : "unclean")} {code} {Quote(outcome.Reason)}");
    }

    public void Error(int? conn, string message) => Write(conn, $"error {message.ReplaceLineEndings(" ")}");

    private static string Quote(string value) => $"\"{JavaScriptEncoder.UnsafeRelaxedJsonEscaping.Encode(value)}\"";

    private void Write(int? conn, string line)
    {
        var connection = conn is { } number ? string.Create(CultureInfo.InvariantCulture, $"[{number}] ") : string.Empty;
        lock (_gate)
        {
            // One WriteLine per event, so writers sharing a synchronized output never split a line.
            _output.WriteLine($"{_linePrefix?.Invoke()}{connection}{line}");
            _output.Flush();
        }
    }
}
