namespace Rxws.Bench.Output;

/// <summary>Where bench results go: <see cref="JsonBenchOutput"/> for <c>--json</c>, <see cref="TableBenchOutput"/> otherwise.</summary>
internal interface IBenchOutput
{
    /// <summary>Before the first result: what is about to be measured.</summary>
    void Start(BenchProfile profile, IReadOnlyList<string> scenarios);

    /// <summary>One result, written and flushed at once.</summary>
    void Write(BenchResult result);

    /// <summary>After the last result.</summary>
    void End(TimeSpan elapsed);
}
