using System.Diagnostics;

namespace Rxws.Bench;

/// <summary>
/// The measuring discipline every scenario shares: warm-up rounds first (thrown away), then measured
/// rounds in which every variant runs once, the order reversed every other round (baseline first, then
/// library first) so that drift on a noisy machine does not favour either side.
/// </summary>
/// <remarks>
/// Warm-up is counted in rounds and in time: tiered JIT compiles hot methods again, optimised, in the
/// background, about 100 ms after tier-0 activity calms down, so short rounds kept getting faster for a
/// second or more (32-byte receive here: 3.1 million messages/s in the first round, 8 million in the
/// eighth). Warm-up therefore lasts at least the profile's <see cref="BenchProfile.MinimumWarmup"/> as well as its rounds.
/// </remarks>
internal static class Rounds
{
    /// <summary>The most warm-up rounds run to reach the minimum warm-up time.</summary>
    private const int MaxWarmupRounds = 50;

    /// <summary>
    /// Runs <paramref name="variants"/> (the baseline first in the list) for the profile's warm-up rounds, or
    /// more until its minimum warm-up time has passed, then <paramref name="rounds"/> measured rounds (the
    /// profile's by default), and returns the measured samples: <c>result[variant][round]</c>.
    /// </summary>
    public static async Task<T[][]> RunAsync<T>(BenchProfile profile, IReadOnlyList<Func<Task<T>>> variants, CancellationToken cancellationToken, int? rounds = null) =>
        await RunAsync(profile.WarmupRounds, profile.MinimumWarmup, rounds ?? profile.Rounds, variants, cancellationToken).ConfigureAwait(false);

    private static async Task<T[][]> RunAsync<T>(int warmups, TimeSpan minimumWarmup, int rounds, IReadOnlyList<Func<Task<T>>> variants, CancellationToken cancellationToken)
    {
        if (warmups > 0)
        {
            var warming = Stopwatch.StartNew();
            for (var round = 0; round < MaxWarmupRounds && (round < warmups || warming.Elapsed < minimumWarmup); round++)
            {
                await RunRoundAsync(variants, reversed: (round & 1) == 1, cancellationToken).ConfigureAwait(false);
            }
        }

        var samples = new T[variants.Count][];
        for (var v = 0; v < variants.Count; v++)
        {
            samples[v] = new T[rounds];
        }

        for (var round = 0; round < rounds; round++)
        {
            var sample = await RunRoundAsync(variants, reversed: (round & 1) == 1, cancellationToken).ConfigureAwait(false);
            for (var v = 0; v < variants.Count; v++)
            {
                samples[v][round] = sample[v];
            }
        }

        return samples;
    }

    private static async Task<T[]> RunRoundAsync<T>(IReadOnlyList<Func<Task<T>>> variants, bool reversed, CancellationToken cancellationToken)
    {
        var sample = new T[variants.Count];
        for (var i = 0; i < variants.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var v = reversed ? variants.Count - 1 - i : i;
            sample[v] = await variants[v]().ConfigureAwait(false);
        }

        return sample;
    }

    /// <summary>The median over rounds of <paramref name="library"/>'s rate / <paramref name="floor"/>'s rate in the same round.</summary>
    public static double MedianRatio(IReadOnlyList<Measurement> floor, IReadOnlyList<Measurement> library) =>
        Statistics.Median(floor.Select((f, r) => library[r].PerSecond / f.PerSecond).ToArray());

    /// <summary>
    /// Summarises throughput rounds of one library variant against the baseline's rounds: medians of each
    /// side's rate, the median of the per-round ratios (library/baseline, paired within a round), and the
    /// median per-round difference in process-wide allocation divided by the operations of a round.
    /// </summary>
    public static (double BaselinePerSecond, double LibraryPerSecond, double Ratio, double ExtraAllocatedPerOperation) Compare(
        IReadOnlyList<Measurement> baseline,
        IReadOnlyList<Measurement> library)
    {
        var ratios = new double[baseline.Count];
        var extra = new double[baseline.Count];
        for (var r = 0; r < baseline.Count; r++)
        {
            ratios[r] = library[r].PerSecond / baseline[r].PerSecond;
            extra[r] = (double)(library[r].AllocatedBytes - baseline[r].AllocatedBytes) / library[r].Operations;
        }

        return (
            Statistics.Median(baseline.Select(static m => m.PerSecond).ToArray()),
            Statistics.Median(library.Select(static m => m.PerSecond).ToArray()),
            Statistics.Median(ratios),
            Statistics.Median(extra));
    }
}
