using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace RxWebSocketStream.Interop.Tests.Peers;

/// <summary>
/// A peer process that prints one JSON object per line on stdout and takes commands on stdin. Every line is
/// kept; tests await the first line matching a predicate (under <see cref="Guard"/>, never on time), and a
/// process that dies first fails the wait at once with its stderr.
/// </summary>
public sealed class JsonLinesProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<JsonElement> _events = [];
    private readonly StringBuilder _stderr = new();
    private readonly object _gate = new();
    private readonly Task _stdoutPump;
    private readonly Task _stderrPump;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _exited;

    private JsonLinesProcess(Process process)
    {
        _process = process;
        _stdoutPump = Task.Run(PumpStdoutAsync);
        _stderrPump = Task.Run(PumpStderrAsync);
    }

    /// <summary>Gets every event printed so far, in order.</summary>
    public IReadOnlyList<JsonElement> Events
    {
        get
        {
            lock (_gate)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>Gets what the process printed on stderr so far.</summary>
    public string Stderr
    {
        get
        {
            lock (_gate)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Starts <c>node SCRIPT ARGS</c> in tests/interop/node.</summary>
    public static JsonLinesProcess StartNode(string script, params string[] arguments)
    {
        Peer.Node.EnsureAvailable();
        return Start(Peer.FindOnPath("node")!, Peer.NodeFolder, [script, .. arguments]);
    }

    /// <summary>
    /// Starts the <c>rxws</c> tool (src/Rxws, copied beside the tests by the project reference) as a real
    /// process: <c>dotnet rxws.dll ARGS</c>. Its <c>--json</c> output is the same one-object-per-line shape.
    /// </summary>
    public static JsonLinesProcess StartRxws(params string[] arguments)
    {
        var tool = Path.Combine(AppContext.BaseDirectory, "rxws.dll");
        if (!File.Exists(tool))
        {
            throw new InvalidOperationException($"rxws.dll is not in the test output ({AppContext.BaseDirectory}); the Rxws project reference should copy it.");
        }

        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path
            : Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
        return Start(host, workingDirectory: null, [tool, .. arguments]);
    }

    /// <summary>Starts a process with stdin, stdout and stderr redirected (UTF-8) and wraps it.</summary>
    private static JsonLinesProcess Start(string fileName, string? workingDirectory, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory ?? string.Empty,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return new JsonLinesProcess(Process.Start(info) ?? throw new InvalidOperationException($"{fileName} {string.Join(' ', info.ArgumentList)} did not start."));
    }

    /// <summary>Writes one raw line on stdin (rxws connect sends each line as a message).</summary>
    public async Task WriteLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line).ConfigureAwait(false);
        await _process.StandardInput.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Closes stdin: end of input.</summary>
    public void CloseInput() => _process.StandardInput.Close();

    /// <summary>Writes one command as a JSON line on stdin.</summary>
    public async Task SendAsync(object command)
    {
        await _process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(command)).ConfigureAwait(false);
        await _process.StandardInput.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Waits for the first event (from the start) whose "event" is <paramref name="name"/> and that matches.</summary>
    public Task<JsonElement> WaitForAsync(string name, Func<JsonElement, bool>? where = null) =>
        WaitForAsync(e => e.Str("event") == name && (where is null || where(e)), $"an event '{name}'");

    /// <summary>Waits until <paramref name="count"/> events match.</summary>
    public async Task<IReadOnlyList<JsonElement>> WaitForCountAsync(string name, int count, Func<JsonElement, bool>? where = null)
    {
        bool Match(JsonElement e) => e.Str("event") == name && (where is null || where(e));
        await WaitUntilAsync(events => events.Count(Match) >= count, $"{count} events '{name}'").ConfigureAwait(false);
        return [.. Events.Where(Match)];
    }

    private async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> predicate, string what)
    {
        await WaitUntilAsync(events => events.Any(predicate), what).ConfigureAwait(false);
        return Events.First(predicate);
    }

    private async Task WaitUntilAsync(Func<IReadOnlyList<JsonElement>, bool> condition, string what)
    {
        // A hang guard, not a wait: each await ends as soon as the peer says something.
        var guard = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (condition(_events))
                {
                    return;
                }

                if (_exited)
                {
                    throw new InvalidOperationException($"The peer exited before {what}. {Describe()}");
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(Guard.HangTimeout - guard.Elapsed).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException or ArgumentOutOfRangeException)
            {
                throw new TimeoutException($"No {what} within {Guard.HangTimeout}. {Describe()}");
            }
        }
    }

    /// <summary>Describes what the peer said, for failure messages (long lines cut).</summary>
    public string Describe()
    {
        lock (_gate)
        {
            var lines = _events.Select(e => e.GetRawText()).Select(s => s.Length > 300 ? s[..300] + "…" : s);
            return $"Events: [{string.Join(", ", lines)}] Stderr: {_stderr}";
        }
    }

    private async Task PumpStdoutAsync()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                if (line.Length == 0)
                {
                    continue;
                }

                JsonElement element;
                try
                {
                    element = JsonDocument.Parse(line).RootElement.Clone();
                }
                catch (JsonException)
                {
                    lock (_gate)
                    {
                        _stderr.Append("(stdout, not JSON) ").AppendLine(line);
                    }

                    continue;
                }

                Signal(() => _events.Add(element));
            }
        }
        finally
        {
            await _stderrPump.ConfigureAwait(false);
            Signal(() => _exited = true);
        }
    }

    private async Task PumpStderrAsync()
    {
        while (await _process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            lock (_gate)
            {
                _stderr.AppendLine(line);
            }
        }
    }

    private void Signal(Action change)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            change();
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Already gone.
        }

        if (!_process.HasExited)
        {
            // The server exits when stdin ends; the client when its connection closes. Anything left is killed.
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        await _stdoutPump.ConfigureAwait(false);
        _process.Dispose();
    }
}

/// <summary>Reading fields of peer events.</summary>
public static class JsonElementExtensions
{
    public static string? Str(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static int? Int(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;

    public static bool? Bool(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;

    /// <summary>The message a peer event describes (text "data" or binary "base64").</summary>
    public static Message ToMessage(this JsonElement e) => e.Str("type") switch
    {
        "text" => Message.FromText(e.Str("data")!),
        "binary" => Message.FromBinary(Convert.FromBase64String(e.Str("base64")!)),
        var other => throw new InvalidOperationException($"Not a message event (type {other}): {e.GetRawText()}"),
    };

    /// <summary>A send command for client.mjs.</summary>
    public static object ToCommand(this Message m) => m.IsText
        ? new { send = "text", data = m.Text }
        : new { send = "binary", base64 = Convert.ToBase64String(m.Data.Span) };
}
