using System.Diagnostics;
using Rxws.Bench.Output;
using Rxws.Bench.Scenarios;

namespace Rxws.Bench;

/// <summary>One run of <c>rxws bench</c>: start the server, run the chosen scenarios in order, report each result as it comes.</summary>
internal static class BenchRunner
{
    /// <summary>Every scenario, in the order a run without arguments measures them.</summary>
    public static readonly IReadOnlyList<IBenchScenario> Scenarios =
    [
        new ReceiveScenario(),
        new SendScenario(),
        new EchoScenario(),
        new ConnectScenario(),
        new IdleScenario(),
    ];

    public static async Task<int> RunAsync(BenchProfile profile, IReadOnlyList<IBenchScenario> scenarios, IBenchOutput output, TextWriter notes, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var server = await BenchServer.StartAsync(cancellationToken).ConfigureAwait(false);
        output.Start(profile, scenarios.Select(static s => s.Name).ToArray());
        var context = new BenchContext(profile, server, output, notes);
        foreach (var scenario in scenarios)
        {
            await scenario.RunAsync(context, cancellationToken).ConfigureAwait(false);
        }

        output.End(clock.Elapsed);
        return ExitCodes.Success;
    }
}
