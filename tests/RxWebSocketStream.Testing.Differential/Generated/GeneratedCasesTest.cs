using System.Diagnostics;
using RxWebSocketStream.Testing.Differential.Kits;
using Xunit.Abstractions;

namespace RxWebSocketStream.Testing.Differential.Generated;

/// <summary>
/// Thousands of random recordings, each run under this kit and under Microsoft.Reactive.Testing: both must record
/// the same messages and the same subscriptions. See <see cref="CaseSettings"/> to change or replay the cases.
/// </summary>
public sealed class GeneratedCasesTest(ITestOutputHelper output)
{
    private const int ReportedFailures = 3;

    [Fact]
    public void GeneratedCases_RecordTheSameUnderBothKits()
    {
        var settings = CaseSettings.FromEnvironment();
        var clock = Stopwatch.StartNew();
        var failures = new List<string>();
        var count = 0;
        foreach (var number in settings.Numbers)
        {
            count++;
            if (Compare(settings, number, new OurKit()) is { } failure)
            {
                failures.Add(failure);
            }
        }

        output.WriteLine($"{count} generated cases from seed {settings.Seed} in {clock.ElapsedMilliseconds} ms, {failures.Count} different.");
        Assert.True(
            failures.Count == 0,
            $"{failures.Count} of {count} generated cases (seed {settings.Seed}) recorded differently; the first {Math.Min(failures.Count, ReportedFailures)}:\n\n"
            + string.Join("\n\n", failures.Take(ReportedFailures)));
    }

    [Fact]
    public void GeneratedCases_SameSeedAndNumber_DrawTheSamePlan()
    {
        foreach (var number in new[] { 1, 17, 2500 })
        {
            Assert.Equal(
                PlanGenerator.Generate(CaseSettings.DefaultSeed, number).ToString(),
                PlanGenerator.Generate(CaseSettings.DefaultSeed, number).ToString());
        }
    }

    [Fact]
    public void GeneratedCases_DefaultRun_DrawsEveryOperator()
    {
        var plans = Enumerable.Range(1, CaseSettings.DefaultCases)
            .Select(n => PlanGenerator.Generate(CaseSettings.DefaultSeed, n).Query.ToString())
            .ToList();

        Assert.All(Operators.Names, name => Assert.Contains(plans, plan => plan.Contains(name, StringComparison.Ordinal)));
        Assert.Contains(plans, plan => plan.Length > 60);
    }

    [Fact]
    public void GeneratedCases_AKitThatSchedulesDifferently_IsCaught()
    {
        // The marble mode runs work due now in the same tick, not one tick later: the comparison must notice.
        var settings = new CaseSettings(CaseSettings.DefaultSeed, 200, Only: null);

        var caught = settings.Numbers.Count(n => Compare(settings, n, new OurKit(TestSchedulerMode.Marble)) is not null);

        Assert.InRange(caught, 20, 200);
    }

    /// <summary>The failure report of case <paramref name="number"/>, or <see langword="null"/> when both kits agree.</summary>
    private static string? Compare(CaseSettings settings, int number, IKit ours)
    {
        var plan = PlanGenerator.Generate(settings.Seed, number);
        var actual = CaseRun.Outcome(ours, plan);
        var expected = CaseRun.Outcome(new MicrosoftKit(), plan);
        return actual == expected
            ? null
            : $"Case {number} of seed {settings.Seed} (replay: {settings.ReplayCommand(number)})\n{plan}\n\n"
                + $"{ours.Name}:\n{actual}\n\nMicrosoft.Reactive.Testing:\n{expected}";
    }
}
