using System.Diagnostics;
using System.Runtime.InteropServices;

namespace RxWebSocketStream.Benchmarks.Paired;

/// <summary>
/// The CPU time the calling thread has used, on Linux (<c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>): unlike wall
/// time it does not grow while other processes hold the cores, which is what makes small differences measurable on
/// a shared, loaded machine. Elsewhere it falls back to wall time and says so.
/// </summary>
internal static partial class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3;

    /// <summary>Gets whether the clock measures thread CPU time (Linux) rather than wall time.</summary>
    public static bool IsThreadCpuTime { get; } = OperatingSystem.IsLinux();

    /// <summary>Gets the current reading, in nanoseconds.</summary>
    public static long NowNanoseconds()
    {
        if (!IsThreadCpuTime)
        {
            return (long)(Stopwatch.GetTimestamp() * (1e9 / Stopwatch.Frequency));
        }

        if (ClockGetTime(ClockThreadCpuTimeId, out var time) != 0)
        {
            throw new InvalidOperationException($"clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed: errno {Marshal.GetLastPInvokeError()}.");
        }

        return (time.Seconds * 1_000_000_000) + time.Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static partial int ClockGetTime(int clockId, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
