using Rxws.Bench.Output;

namespace Rxws.Bench;

/// <summary>What a scenario runs against: the profile, the shared server, and where results and notes go.</summary>
/// <param name="Profile">How much to measure.</param>
/// <param name="Server">The raw ASP.NET Core server every variant talks to.</param>
/// <param name="Output">Where results go (stdout, as JSON lines or a table).</param>
/// <param name="Notes">Where remarks about the run go (stderr), such as a limit that shrank a scenario.</param>
internal sealed record BenchContext(BenchProfile Profile, BenchServer Server, IBenchOutput Output, TextWriter Notes)
{
    public void Report(BenchResult result) => Output.Write(result);
}
