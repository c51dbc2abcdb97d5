using System.Diagnostics;
using RxWebSocketStream.Testing;

namespace Rxws.Bench.Scenarios;

/// <summary>
/// <c>marbles</c>: the repository's behaviour spec (every <c>*.marble</c> file under marbles/, or
/// <c>--marbles DIR</c>) run through <see cref="ConnectionScenario"/>, in virtual time. The files are parsed
/// once; a cold first pass (JIT included) is timed on its own and also serves as warm-up, then P measured
/// passes. A failing scenario fails the bench: a number for a suite that does not pass means nothing.
/// </summary>
internal sealed class MarblesScenario : IBenchScenario
{
    public string Name => "marbles";

    public Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        if (context.MarblesFolder is not { } folder)
        {
            context.Notes.WriteLine("rxws bench: marbles: no marbles/ folder found above the current directory (RxWebSocketStream.sln); pass --marbles DIR. Skipped.");
            return Task.CompletedTask;
        }

        var scenarios = ConnectionScenario.FindAll(folder).Select(path => ConnectionScenario.Load(path, Path.GetRelativePath(folder, path))).ToArray();
        if (scenarios.Length == 0)
        {
            context.Notes.WriteLine($"rxws bench: marbles: no *.marble files under {folder}. Skipped.");
            return Task.CompletedTask;
        }

        var firstPass = Pass(scenarios);
        var passes = context.Profile.MarblePasses;
        var times = new double[passes];
        var total = 0L;
        for (var p = 0; p < passes; p++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var ticks = Pass(scenarios);
            total += ticks;
            times[p] = Milliseconds(ticks);
        }

        context.Report(new SuiteResult(
            Name,
            "suite",
            scenarios.Length,
            passes,
            scenarios.Length * passes * (double)Stopwatch.Frequency / total,
            Statistics.Median(times),
            Milliseconds(firstPass)));
        return Task.CompletedTask;
    }

    private static long Pass(ConnectionScenario[] scenarios)
    {
        var start = Stopwatch.GetTimestamp();
        foreach (var scenario in scenarios)
        {
            scenario.Run();
        }

        return Stopwatch.GetTimestamp() - start;
    }

    private static double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
}
