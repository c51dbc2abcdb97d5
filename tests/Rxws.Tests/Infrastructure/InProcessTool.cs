using System.IO.Pipelines;
using System.Text;

namespace Rxws.Tests.Infrastructure;

/// <summary>
/// <c>rxws</c> run in-process through <see cref="RxwsApp.RunAsync"/>: standard input is a pipe the test
/// writes to, standard output and error are <see cref="LineSink"/>s, and <see cref="Shutdown"/> plays the
/// part of SIGINT/SIGTERM.
/// </summary>
internal sealed class InProcessTool : IAsyncDisposable
{
    private readonly Pipe _stdin = new();
    private readonly StreamWriter _input;
    private readonly CancellationTokenSource _shutdown = new();

    private InProcessTool(string[] args)
    {
        _input = new StreamWriter(_stdin.Writer.AsStream(), new UTF8Encoding(false)) { AutoFlush = true };
        var reader = new StreamReader(_stdin.Reader.AsStream(), new UTF8Encoding(false));
        Exited = Task.Run(async () =>
        {
            try
            {
                return await RxwsApp.RunAsync(args, reader, Output, Error, _shutdown.Token);
            }
            finally
            {
                Output.Complete();
                Error.Complete();
            }
        });
    }

    public LineSink Output { get; } = new();

    public LineSink Error { get; } = new();

    /// <summary>The exit code, when the tool returns.</summary>
    public Task<int> Exited { get; }

    public static InProcessTool Start(params string[] args) => new(args);

    /// <summary>Runs the tool to the end with no input and returns its exit code.</summary>
    public static async Task<(int ExitCode, InProcessTool Tool)> RunAsync(params string[] args)
    {
        var tool = Start(args);
        tool.EndInput();
        return (await tool.Exited.Within(), tool);
    }

    public Task SendLineAsync(string line) => _input.WriteLineAsync(line);

    /// <summary>Closes standard input: the end of input.</summary>
    public void EndInput() => _input.Dispose();

    /// <summary>What SIGINT/SIGTERM does to the real process.</summary>
    public void Shutdown() => _shutdown.Cancel();

    public async ValueTask DisposeAsync()
    {
        _shutdown.Cancel();
        await _input.DisposeAsync();
        try
        {
            await Exited.Within();
        }
        finally
        {
            _shutdown.Dispose();
        }
    }
}
