using System.Diagnostics;

namespace Rxws.Bench;

/// <summary>
/// One timed run of one variant: how long it took and how many bytes the whole process allocated meanwhile
/// (<see cref="GC.GetTotalAllocatedBytes(bool)"/>, precise). Process-wide on purpose: the client's work hops
/// between thread-pool threads, so a per-thread count would miss most of it; the server's share is the same
/// for the baseline and the library and cancels out in their difference.
/// </summary>
/// <param name="Ticks">Elapsed <see cref="Stopwatch"/> ticks.</param>
/// <param name="AllocatedBytes">Bytes allocated process-wide during the run.</param>
/// <param name="Operations">Messages (or connections) the run handled.</param>
internal readonly record struct Measurement(long Ticks, long AllocatedBytes, int Operations)
{
    /// <summary>Operations per second.</summary>
    public double PerSecond => Operations * (double)Stopwatch.Frequency / Ticks;

    /// <summary>Starts measuring now; <see cref="Started.Stop"/> ends it.</summary>
    public static Started Start() => new(GC.GetTotalAllocatedBytes(precise: true), Stopwatch.GetTimestamp());

    /// <summary>A measurement in progress.</summary>
    internal readonly record struct Started(long Allocated, long Timestamp)
    {
        public Measurement Stop(int operations)
        {
            var ticks = Stopwatch.GetTimestamp() - Timestamp;
            return new Measurement(ticks, GC.GetTotalAllocatedBytes(precise: true) - Allocated, operations);
        }
    }
}
