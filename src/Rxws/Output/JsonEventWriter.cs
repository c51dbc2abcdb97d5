using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using RxWebSocketStream;

namespace Rxws.Output;

/// <summary>
/// <c>--json</c>: one JSON object per line, flushed per line, with exactly the field names and order of the
/// contract in issue 4 (<c>event</c> first, then <c>conn</c> in serve, then the event's own fields).
/// </summary>
internal sealed class JsonEventWriter : IEventWriter
{
    // Valid JSON that keeps non-ASCII text readable; the output is a terminal or a pipe, never HTML.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly TextWriter _output;
    private readonly object _gate = new();
    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    public JsonEventWriter(TextWriter output) => _output = output;

    public void Listening(Uri url) => Write(null, "listening", w => w.WriteString("url", url.ToString()));

    public void Open(int? conn, WebSocketOpenInfo info) => Write(conn, "open", w =>
    {
        w.WriteString("protocol", info.Protocol);
        w.WriteString("extensions", info.Extensions);
    });

    public void Message(int? conn, Message message) => Write(conn, "message", w =>
    {
        if (message.IsText)
        {
            w.WriteString("type", "text");
            w.WriteString("data", message.Text);
        }
        else
        {
            w.WriteString("type", "binary");
            w.WriteBase64String("base64", message.Data.Span);
        }
    });

    public void Closed(int? conn, CloseOutcome outcome) => Write(conn, "closed", w =>
    {
        w.WriteBoolean("clean", outcome.Clean);
        if (outcome.Code is { } code)
        {
            w.WriteNumber("code", code);
        }
        else
        {
            w.WriteNull("code");
        }

        w.WriteString("reason", outcome.Reason);
    });

    public void Error(int? conn, string message) => Write(conn, "error", w => w.WriteString("message", message));

    private void Write(int? conn, string name, Action<Utf8JsonWriter> fields)
    {
        lock (_gate)
        {
            _buffer.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(_buffer, Options))
            {
                writer.WriteStartObject();
                writer.WriteString("event", name);
                if (conn is { } number)
                {
                    writer.WriteNumber("conn", number);
                }

                fields(writer);
                writer.WriteEndObject();
            }

            _output.WriteLine(Encoding.UTF8.GetString(_buffer.WrittenSpan));
            _output.Flush();
        }
    }
}
