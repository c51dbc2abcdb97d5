using System.CommandLine;
using Rxws.Commands;

namespace Rxws;

/// <summary>
/// The whole tool behind one testable door: arguments, standard streams and a shutdown token in, an exit
/// code out. <c>Program</c> wires it to the console and to SIGINT/SIGTERM; tests call it in-process.
/// </summary>
internal static class RxwsApp
{
    /// <summary>Runs <c>rxws</c> with <paramref name="args"/> and returns its exit code (see <see cref="ExitCodes"/>).</summary>
    /// <param name="args">The command line, without the program name.</param>
    /// <param name="input">Standard input: the lines <c>connect</c> sends.</param>
    /// <param name="output">Standard output: the events.</param>
    /// <param name="error">Standard error: usage errors.</param>
    /// <param name="shutdown">Cancelled on SIGINT/SIGTERM: <c>serve</c> shuts down, <c>connect</c> acts as at the end of input.</param>
    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error, CancellationToken shutdown)
    {
        var console = new ToolConsole(input, output, error);
        var root = new RootCommand("rxws: a WebSocket client and server built on RxWebSocketStream. With no command, runs a demo against an embedded echo server.")
        {
            ConnectCommand.Create(console),
            ServeCommand.Create(console),
            BenchCommand.Create(console),
            SoakCommand.Create(console),
        };
        var metrics = new Option<bool>("--metrics") { Description = "Demo only: print the library's metrics at the end, as dotnet-counters would (docs/observability.md)." };
        root.Options.Add(metrics);
        root.SetAction((result, cancellationToken) => DemoCommand.RunAsync(console, result.GetValue(metrics), cancellationToken));

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors)
            {
                // One line per error, as scripts read stderr line by line.
                await error.WriteLineAsync($"rxws: {parseError.Message.ReplaceLineEndings(" ")} (see rxws --help)").ConfigureAwait(false);
            }

            return ExitCodes.Usage;
        }

        var configuration = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            // Signals are ours (Program.cs): serve shuts down gracefully, however long the close takes.
            ProcessTerminationTimeout = null,
        };
        return await parsed.InvokeAsync(configuration, shutdown).ConfigureAwait(false);
    }
}
