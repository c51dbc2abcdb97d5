using System.Diagnostics;
using System.Text;

namespace Rxws.Tests.Infrastructure;

/// <summary>
/// <c>rxws</c> as a real process: <c>dotnet rxws.dll ...</c> from the build output (the referenced Rxws
/// project's output is copied beside the tests), with redirected standard streams.
/// </summary>
internal sealed class ToolProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ToolProcess(Process process) => _process = process;

    public LineSink Output { get; } = new();

    public LineSink Error { get; } = new();

    public int Id => _process.Id;

    private static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";

    private static string ToolPath
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, "rxws.dll");
            Assert.True(File.Exists(path), $"rxws.dll is not in the test output ({AppContext.BaseDirectory}); the Rxws project reference should copy it.");
            return path;
        }
    }

    public static ToolProcess Start(params string[] args)
    {
        var start = new ProcessStartInfo(DotnetHost)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(ToolPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = start };
        var tool = new ToolProcess(process);
        process.OutputDataReceived += (_, e) => Forward(tool.Output, e.Data);
        process.ErrorDataReceived += (_, e) => Forward(tool.Error, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return tool;
    }

    public async Task SendLineAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Closes the process's standard input: the end of input.</summary>
    public void EndInput() => _process.StandardInput.Close();

    /// <summary>Sends a POSIX signal (TERM, INT, KILL) with kill(1).</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync().Within();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>Waits for the process to exit (and its output to be read to the end) and returns the exit code.</summary>
    public async Task<int> ExitedAsync()
    {
        await _process.WaitForExitAsync().Within();
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().Within();
        }

        _process.Dispose();
    }

    private static void Forward(LineSink sink, string? line)
    {
        if (line is null)
        {
            sink.Complete();
        }
        else
        {
            sink.WriteLine(line);
        }
    }
}
