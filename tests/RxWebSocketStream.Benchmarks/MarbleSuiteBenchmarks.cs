using BenchmarkDotNet.Attributes;
using RxWebSocketStream.Testing;
using RxWebSocketStream.Testing.Tests;

namespace RxWebSocketStream.Benchmarks;

/// <summary>
/// The behaviour spec's own cost: one pass over every scenario file under the repository's marbles/, each run by
/// <see cref="ConnectionScenario"/> against a virtual peer in virtual time. The files are parsed once, in setup, so a
/// pass is what <c>dotnet test</c> pays for the suite after parsing. No baseline: nothing else does this work.
/// It lives here rather than in <c>rxws bench</c> because it needs the testing kit, which the rxws tool does not ship.
/// </summary>
[MemoryDiagnoser]
public class MarbleSuiteBenchmarks
{
    private ConnectionScenario[] _scenarios = [];

    [GlobalSetup]
    public void LoadScenarios()
    {
        // BenchmarkDotNet runs each benchmark from a generated project under this project's bin/, inside the repository.
        var folder = Path.Combine(RepositoryRoot.Path, "marbles");
        _scenarios = [.. ConnectionScenario.FindAll(folder).Select(path => ConnectionScenario.Load(path, Path.GetRelativePath(folder, path)))];
        if (_scenarios.Length == 0)
        {
            throw new InvalidOperationException($"No *.marble files under {folder}.");
        }
    }

    /// <summary>Every scenario once; a failing one throws, since a time for a suite that does not pass means nothing.</summary>
    [Benchmark]
    public int WholeSuite()
    {
        foreach (var scenario in _scenarios)
        {
            scenario.Run();
        }

        return _scenarios.Length;
    }
}
