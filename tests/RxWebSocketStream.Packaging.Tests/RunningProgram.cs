using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Channels;

namespace RxWebSocketStream.Packaging.Tests;

/// <summary>A program that keeps running (a server): its output lines can be awaited; disposing it kills it.</summary>
internal sealed class RunningProgram : IDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _transcript = new();
    private int _openStreams = 2;

    public RunningProgram(ProcessStartInfo start)
    {
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Receive(e.Data);
        _process.ErrorDataReceived += (_, e) => Receive(e.Data is null ? null : "stderr: " + e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Everything printed so far, for failure messages.</summary>
    public string Transcript
    {
        get
        {
            lock (_transcript)
            {
                return _transcript.ToString();
            }
        }
    }

    /// <summary>Waits for the first line that matches <paramref name="pattern"/>. <paramref name="hangGuard"/> only turns a hang into a failure.</summary>
    public async Task<Match> LineMatchingAsync(Regex pattern, TimeSpan hangGuard)
    {
        try
        {
            while (await _lines.Reader.ReadAsync().AsTask().WaitAsync(hangGuard) is var line)
            {
                if (pattern.Match(line) is { Success: true } match)
                {
                    return match;
                }
            }
        }
        catch (Exception e) when (e is ChannelClosedException or TimeoutException)
        {
            // Reported below with the transcript.
        }

        throw new InvalidOperationException($"No line matching {pattern} (the program ended, or nothing came within {hangGuard}). Output:\n{Transcript}");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Receive(string? line)
    {
        if (line is null)
        {
            // Both standard output and standard error have ended: no line can come any more.
            if (Interlocked.Decrement(ref _openStreams) == 0)
            {
                _lines.Writer.TryComplete();
            }

            return;
        }

        lock (_transcript)
        {
            _transcript.AppendLine(line);
        }

        _lines.Writer.TryWrite(line);
    }
}
