using System.Diagnostics;
using System.Globalization;

namespace RxWebSocketStream.Benchmarks.Paired;

/// <summary>
/// Measures two variants of the same work side by side, each in its own worker process: every round asks one worker
/// to run its variant once, then the other (alternating which goes first), and each reports the thread CPU time it
/// took (<see cref="ThreadCpuClock"/>). A launch's result is the median of its per-round ratios; a case runs several
/// launches, in fresh processes.
/// </summary>
/// <remarks>
/// Why this shape, on a shared, loaded machine: BenchmarkDotNet runs one variant after the other, so load that comes
/// and goes lands on one of them; here both halves of a round are a fraction of a millisecond apart, and CPU time
/// does not count the time other processes held the core. Why two processes: the variants share the BCL's socket
/// code, and in one process dynamic PGO would profile one call site for both stream types, favouring neither as a
/// real application (one kind of stream) would.
/// </remarks>
internal static class PairedProcesses
{
    private const string WorkerSwitch = "--paired-worker";
    private const string Ready = "ready";

    /// <summary>
    /// Runs one case in <paramref name="launches"/> fresh pairs of workers and returns its report line: the median
    /// over launches of each launch's median ratio, with the lowest and highest launch. Fresh processes matter here:
    /// two processes running the same code differ by a few percent (code placement, tiering decisions), which one
    /// launch cannot tell from a real difference.
    /// </summary>
    /// <param name="name">What is measured.</param>
    /// <param name="baselineVariant">The reference variant.</param>
    /// <param name="candidateVariant">The variant priced against it.</param>
    /// <param name="operationsPerRun">Operations (messages) per run, for per-operation times.</param>
    /// <param name="rounds">Measured rounds per launch.</param>
    /// <param name="launches">Fresh worker pairs.</param>
    /// <param name="jit">
    /// <see cref="JitMode.FullOpts"/>: no tiering, no PGO, the BCL jitted too, so both processes run the same
    /// machine code (the steadiest). <see cref="JitMode.Pgo"/>: the runtime's defaults, as an application runs, with
    /// a long warm-up so that tiering finishes under load.
    /// </param>
    public static string Measure(string name, string baselineVariant, string candidateVariant, int operationsPerRun, int rounds, int launches, JitMode jit)
    {
        var launchRatios = new double[launches];
        var baselineTimes = new double[launches];
        var candidateTimes = new double[launches];
        for (var launch = 0; launch < launches; launch++)
        {
            (launchRatios[launch], baselineTimes[launch], candidateTimes[launch]) = MeasureOnce(baselineVariant, candidateVariant, operationsPerRun, rounds, jit);
        }

        var each = string.Join(" ", launchRatios.Select(r => r.ToString("F3", CultureInfo.InvariantCulture)));
        Array.Sort(launchRatios);
        Array.Sort(baselineTimes);
        Array.Sort(candidateTimes);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{name,-42} {Quantile(baselineTimes, 0.5),6:F1} vs {Quantile(candidateTimes, 0.5),6:F1} ns/op, ratio {Quantile(launchRatios, 0.5):F3} (launches {launchRatios[0]:F3}-{launchRatios[^1]:F3}: {each})");
    }

    /// <summary>One launch: a pair of workers, <paramref name="rounds"/> paired rounds, the median ratio and times.</summary>
    private static (double Ratio, double Baseline, double Candidate) MeasureOnce(string baselineVariant, string candidateVariant, int operationsPerRun, int rounds, JitMode jit)
    {
        using var baseline = Worker.Start(baselineVariant, jit);
        using var candidate = Worker.Start(candidateVariant, jit);
        baseline.WaitReady();
        candidate.WaitReady();

        var ratios = new double[rounds];
        var baselineTimes = new double[rounds];
        var candidateTimes = new double[rounds];
        for (var i = 0; i < rounds; i++)
        {
            var (first, second) = i % 2 == 0 ? (baseline, candidate) : (candidate, baseline);
            var firstTime = first.RunOnce();
            var secondTime = second.RunOnce();
            var (b, c) = i % 2 == 0 ? (firstTime, secondTime) : (secondTime, firstTime);
            baselineTimes[i] = (double)b / operationsPerRun;
            candidateTimes[i] = (double)c / operationsPerRun;
            ratios[i] = (double)c / b;
        }

        Array.Sort(ratios);
        Array.Sort(baselineTimes);
        Array.Sort(candidateTimes);
        return (Quantile(ratios, 0.5), Quantile(baselineTimes, 0.5), Quantile(candidateTimes, 0.5));
    }

    /// <summary>The worker's side: builds the variant, warms it up, then runs it once per "go" line and prints the time.</summary>
    public static bool TryRunWorker(string[] args)
    {
        if (args is not [WorkerSwitch, var variant, var warmupSeconds])
        {
            return false;
        }

        var run = ReceivePairedRun.Owns(variant) ? ReceivePairedRun.Variant(variant) : EmptyClosePairedRun.Variant(variant);
        var warmup = TimeSpan.FromSeconds(int.Parse(warmupSeconds, CultureInfo.InvariantCulture));
        var warming = Stopwatch.StartNew();
        while (warming.Elapsed < warmup)
        {
            run();
        }

        Console.WriteLine(Ready);
        while (Console.ReadLine() == "go")
        {
            var start = ThreadCpuClock.NowNanoseconds();
            run();
            Console.WriteLine((ThreadCpuClock.NowNanoseconds() - start).ToString(CultureInfo.InvariantCulture));
        }

        return true;
    }

    private static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((sorted[upper] - sorted[lower]) * (position - lower));
    }

    /// <summary>One worker process, driven line by line over its standard input and output.</summary>
    private sealed class Worker : IDisposable
    {
        private readonly Process _process;

        private Worker(Process process) => _process = process;

        public static Worker Start(string variant, JitMode jit)
        {
            // Under `dotnet run` or `dotnet X.dll` the host is dotnet and the program is this assembly; under the
            // apphost, the host is the program.
            var host = Environment.ProcessPath ?? throw new InvalidOperationException("The process path is unknown.");
            var start = new ProcessStartInfo(host)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            if (Path.GetFileNameWithoutExtension(host) == "dotnet")
            {
                start.ArgumentList.Add(typeof(PairedProcesses).Assembly.Location);
            }

            if (jit == JitMode.FullOpts)
            {
                // Fully optimised code from the first call, the BCL's included, with no profile-guided variation:
                // each process then runs the same machine code for the same work, whatever the load did to tiering.
                start.Environment["DOTNET_TieredCompilation"] = "0";
                start.Environment["DOTNET_ReadyToRun"] = "0";
            }

            start.ArgumentList.Add(WorkerSwitch);
            start.ArgumentList.Add(variant);
            start.ArgumentList.Add(jit == JitMode.FullOpts ? "2" : "10");
            var process = Process.Start(start) ?? throw new InvalidOperationException("The worker did not start.");

            // Both workers on the same core: they take turns anyway, and whatever else runs on the machine then
            // disturbs both alike, instead of one worker drawing the busier core for the whole case.
            if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows())
            {
                process.ProcessorAffinity = 1;
            }

            return new Worker(process);
        }

        public void WaitReady()
        {
            if (_process.StandardOutput.ReadLine() != Ready)
            {
                throw new InvalidOperationException("The worker did not get ready.");
            }
        }

        public long RunOnce()
        {
            _process.StandardInput.WriteLine("go");
            _process.StandardInput.Flush();
            var line = _process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("The worker ended.");
            return long.Parse(line, CultureInfo.InvariantCulture);
        }

        public void Dispose()
        {
            _process.StandardInput.WriteLine("exit");
            _process.StandardInput.Flush();
            _process.WaitForExit();
            _process.Dispose();
        }
    }
}

/// <summary>How the worker processes compile code (see <see cref="PairedProcesses.Measure"/>).</summary>
internal enum JitMode
{
    FullOpts,
    Pgo,
}
