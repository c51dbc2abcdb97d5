using System.Text;
using System.Threading.Channels;

namespace Rxws.Tests.Infrastructure;

/// <summary>
/// Collects the lines a tool writes (a <see cref="TextWriter"/> in-process, a redirected stream for a
/// process) so a test can await them one at a time.
/// </summary>
internal sealed class LineSink : TextWriter
{
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _partial = new();
    private readonly List<string> _all = [];
    private readonly object _gate = new();

    public override Encoding Encoding => Encoding.UTF8;

    /// <summary>Every whole line so far, for failure messages.</summary>
    public string Transcript
    {
        get
        {
            lock (_gate)
            {
                return string.Join('\n', _all);
            }
        }
    }

    /// <summary>The next whole line; null when the writer was completed first.</summary>
    public async Task<string?> NextLineAsync()
    {
        try
        {
            return await _lines.Reader.ReadAsync().AsTask().Within();
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    /// <summary>Reads lines until one satisfies <paramref name="predicate"/>, and returns it.</summary>
    public async Task<string> LineWhereAsync(Func<string, bool> predicate)
    {
        while (await NextLineAsync() is { } line)
        {
            if (predicate(line))
            {
                return line;
            }
        }

        throw new InvalidOperationException($"The output ended without the line the test waits for. Output:\n{Transcript}");
    }

    /// <summary>Every remaining line, until the writer is completed.</summary>
    public async Task<List<string>> RestAsync()
    {
        var rest = new List<string>();
        while (await NextLineAsync() is { } line)
        {
            rest.Add(line);
        }

        return rest;
    }

    public void Complete()
    {
        lock (_gate)
        {
            if (_partial.Length > 0)
            {
                Publish(_partial.ToString());
                _partial.Clear();
            }
        }

        _lines.Writer.TryComplete();
    }

    public override void Write(char value)
    {
        lock (_gate)
        {
            if (value == '\n')
            {
                Publish(_partial.ToString().TrimEnd('\r'));
                _partial.Clear();
            }
            else
            {
                _partial.Append(value);
            }
        }
    }

    public override void Write(string? value)
    {
        foreach (var c in value ?? string.Empty)
        {
            Write(c);
        }
    }

    public override void WriteLine(string? value)
    {
        Write(value);
        Write('\n');
    }

    private void Publish(string line)
    {
        _all.Add(line);
        _lines.Writer.TryWrite(line);
    }
}
