using System.Globalization;

namespace RxWebSocketStream.Tests.Hostile;

/// <summary>
/// The fuzz run's size and seed, from the environment so that a longer run or a replay needs no edit:
/// <c>RXWS_FUZZ_SEED</c> (default <see cref="DefaultSeed"/>), <c>RXWS_FUZZ_CASES</c> (default
/// <see cref="DefaultCases"/>), and <c>RXWS_FUZZ_CASE</c> to run one case index alone. README.md in this
/// folder has the commands.
/// </summary>
internal sealed record FuzzSettings(int Seed, int Cases, int? OnlyCase)
{
    public const int DefaultSeed = 6;
    public const int DefaultCases = 3_000;

    public static FuzzSettings FromEnvironment() => new(
        Read("RXWS_FUZZ_SEED") ?? DefaultSeed,
        Read("RXWS_FUZZ_CASES") ?? DefaultCases,
        Read("RXWS_FUZZ_CASE"));

    public IEnumerable<int> Indexes => OnlyCase is { } only ? [only] : Enumerable.Range(0, Cases);

    public string ReplayCommand(int index) =>
        $"RXWS_FUZZ_SEED={Seed} RXWS_FUZZ_CASE={index} dotnet test tests/RxWebSocketStream.Tests --filter FullyQualifiedName~FuzzingPeerTests.InMemory";

    private static int? Read(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture)
            : null;
}
