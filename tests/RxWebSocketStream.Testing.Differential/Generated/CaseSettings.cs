using System.Globalization;

namespace RxWebSocketStream.Testing.Differential.Generated;

/// <summary>
/// Which generated cases to run: <c>RXWS_KIT_SEED</c> (default <see cref="DefaultSeed"/>), <c>RXWS_KIT_CASES</c>
/// (how many, default <see cref="DefaultCases"/>) and <c>RXWS_KIT_CASE</c> (only that case, to replay a failure).
/// </summary>
internal sealed record CaseSettings(int Seed, int Cases, int? Only)
{
    public const int DefaultSeed = 20261125;

    public const int DefaultCases = 5000;

    public IEnumerable<int> Numbers => Only is { } only ? [only] : Enumerable.Range(1, Cases);

    public static CaseSettings FromEnvironment() => new(
        Read("RXWS_KIT_SEED") ?? DefaultSeed,
        Read("RXWS_KIT_CASES") ?? DefaultCases,
        Read("RXWS_KIT_CASE"));

    public string ReplayCommand(int number) =>
        $"RXWS_KIT_SEED={Seed} RXWS_KIT_CASE={number} dotnet test tests/RxWebSocketStream.Testing.Differential --filter GeneratedCases";

    private static int? Read(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } text
            ? int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture)
            : null;
}
