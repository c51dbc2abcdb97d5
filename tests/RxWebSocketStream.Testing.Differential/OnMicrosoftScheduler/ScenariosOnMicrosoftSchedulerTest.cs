using RxWebSocketStream.Testing.Tests;
using Ms = Microsoft.Reactive.Testing;

namespace RxWebSocketStream.Testing.Differential.OnMicrosoftScheduler;

/// <summary>
/// Every scenario file of the behaviour spec in marbles/ passes on Microsoft.Reactive.Testing's TestScheduler too,
/// compared by frame.
/// </summary>
public sealed class ScenariosOnMicrosoftSchedulerTest
{
    private static string MarblesFolder => Path.Combine(RepositoryRoot.Path, "marbles");

    public static TheoryData<string> Scenarios() =>
        [.. ConnectionScenario.FindAll(MarblesFolder).Select(f => Path.GetRelativePath(MarblesFolder, f).Replace('\\', '/'))];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Scenario_PassesOnMicrosoftsScheduler(string file) =>
        ConnectionScenario.Load(Path.Combine(MarblesFolder, file), $"marbles/{file}").Run(new Ms.TestScheduler());

    [Fact]
    public void Run_SchedulerPastTimeZero_Throws()
    {
        var scheduler = new Ms.TestScheduler();
        scheduler.AdvanceTo(1);
        var scenario = ConnectionScenario.Load(Path.Combine(MarblesFolder, "closing/peer-close-is-echoed.marble"));

        Assert.Throws<ArgumentException>("scheduler", () => scenario.Run(scheduler));
    }
}
