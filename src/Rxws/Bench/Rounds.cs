namespace Rxws.Bench;

/// <summary>
/// The measuring discipline every scenario shares: warm-up rounds first (thrown away), then measured
/// rounds in which every variant runs once, the order reversed every other round (baseline first, then
/// library first) so that drift on a noisy machine does not favour either side.
/// </summary>
internal static class Rounds
{
    /// <summary>
    /// Runs <paramref name="variants"/> (the baseline first in the list) for <paramref name="warmups"/> +
    /// <paramref name="rounds"/> rounds and returns the measured samples: <c>result[variant][round]</c>.
    /// </summary>
    public static async Task<T[][]> RunAsync<T>(int warmups, int rounds, IReadOnlyList<Func<Task<T>>> variants, CancellationToken cancellationToken)
    {
        var samples = new T[variants.Count][];
        for (var v = 0; v < variants.Count; v++)
        {
            samples[v] = new T[rounds];
        }

        for (var round = -warmups; round < rounds; round++)
        {
            var reversed = (round & 1) == 1;
            for (var i = 0; i < variants.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var v = reversed ? variants.Count - 1 - i : i;
                var sample = await variants[v]().ConfigureAwait(false);
                if (round >= 0)
                {
                    samples[v][round] = sample;
                }
            }
        }

        return samples;
    }

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
