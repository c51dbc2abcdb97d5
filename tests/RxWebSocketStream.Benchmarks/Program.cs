using System.Globalization;
using BenchmarkDotNet.Running;
using RxWebSocketStream.Benchmarks.Paired;

namespace RxWebSocketStream.Benchmarks;

/// <summary>
/// Runs the benchmarks chosen on the command line (<c>--filter '*'</c> for all), or, with
/// <c>--paired-empty-close [rounds] [fullopts|pgo] [case]</c>, the paired measurement of the exact-close filter; see README.md.
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
            EmptyClosePairedRun.Run(
                rest is [var rounds, ..] ? int.Parse(rounds, CultureInfo.InvariantCulture) : 2000,
                rest is [_, "pgo", ..] ? JitMode.Pgo : JitMode.FullOpts,
                rest is [_, _, var only] ? only : null);
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
