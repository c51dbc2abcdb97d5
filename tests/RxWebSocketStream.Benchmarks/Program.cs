using System.Globalization;
using BenchmarkDotNet.Running;
using RxWebSocketStream.Benchmarks.Paired;

namespace RxWebSocketStream.Benchmarks;

/// <summary>
/// Runs the benchmarks chosen on the command line (<c>--filter '*'</c> for all), or, with
/// <c>--paired-empty-close [launches] [rounds] [pgo|fullopts] [case]</c>, the paired measurement of the exact-close filter, or
/// with <c>--paired-receive</c> (same arguments) that of the receive paths; see README.md.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (PairedProcesses.TryRunWorker(args))
        {
            return;
        }

        if (args is ["--paired-empty-close", .. var rest])
        {
            // --paired-empty-close [launches] [rounds] [fullopts|pgo] [case]
            EmptyClosePairedRun.Run(
                rounds: rest is [_, var rounds, ..] ? int.Parse(rounds, CultureInfo.InvariantCulture) : 1000,
                launches: rest is [var launches, ..] ? int.Parse(launches, CultureInfo.InvariantCulture) : 8,
                jit: rest is [_, _, "fullopts", ..] ? JitMode.FullOpts : JitMode.Pgo,
                only: rest is [_, _, _, var only] ? only : null);
            return;
        }

        if (args is ["--paired-receive", .. var receiveRest])
        {
            // --paired-receive [launches] [rounds] [fullopts|pgo] [case]
            ReceivePairedRun.Run(
                rounds: receiveRest is [_, var rounds, ..] ? int.Parse(rounds, CultureInfo.InvariantCulture) : 1000,
                launches: receiveRest is [var launches, ..] ? int.Parse(launches, CultureInfo.InvariantCulture) : 8,
                jit: receiveRest is [_, _, "fullopts", ..] ? JitMode.FullOpts : JitMode.Pgo,
                only: receiveRest is [_, _, _, var only] ? only : null);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
