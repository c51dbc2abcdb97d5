namespace RxWebSocketStream.Tests.Scenarios;

/// <summary>
/// The behaviour spec in marbles/: every scenario file is one test case (adding a file adds a case),
/// run against a virtual peer in virtual time.
/// </summary>
public sealed class MarbleScenarioTests
{
    public static TheoryData<string> Scenarios()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(MarblesFolder, "*.marble", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(MarblesFolder, file).Replace('\\', '/'));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Scenario(string file) => ScenarioRunner.Run(Load(file));

    [Fact]
    public void Scenarios_Exist()
    {
        Assert.NotEmpty(Scenarios());
    }

    /// <summary>DESIGN.md 3.5: one scenario run 1,000 times gives the same recording every time.</summary>
    [Fact]
    public void Scenario_Run1000Times_GivesTheSameRecordingEveryTime()
    {
        var file = Load("sending/sink-complete-flushes-then-closes-1000.marble");

        for (var i = 0; i < 1000; i++)
        {
            ScenarioRunner.Run(file);
        }
    }

    internal static ScenarioFile Load(string relative) =>
        ScenarioFile.Parse($"marbles/{relative}", File.ReadAllText(Path.Combine(MarblesFolder, relative)));

    private static string MarblesFolder => Path.Combine(RepositoryRootFinder.Find(), "marbles");
}
