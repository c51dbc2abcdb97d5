using System.CommandLine;
using Rxws.Bench;
using Rxws.Bench.Output;

namespace Rxws.Commands;

/// <summary>
/// <c>rxws bench [--quick | --full] [--json] [SCENARIO]...</c>: whole-scenario comparisons of the library with
/// raw <see cref="System.Net.WebSockets.ClientWebSocket"/> over loopback (issue 5). The hidden
/// <c>--messages</c>, <c>--rounds</c> and <c>--warmup</c> shrink a run for the smoke test.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(ToolConsole console)
    {
        var names = BenchRunner.Scenarios.Select(static s => s.Name).ToArray();
        var scenarios = new Argument<string[]>("scenario")
        {
            Description = $"The scenarios to run, in the given order: {string.Join(", ", names)}. None means all.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        scenarios.AcceptOnlyFromAmong(names);
        var quick = new Option<bool>("--quick") { Description = "Fewer messages and rounds: every scenario in well under a minute." };
        var full = new Option<bool>("--full") { Description = "More messages and rounds, and 10,000 idle connections." };
        var json = JsonOption.Create();
        var messages = new Option<int?>("--messages") { Hidden = true, Description = "Per-round messages, round trips and connections (tests)." };
        var rounds = new Option<int?>("--rounds") { Hidden = true, Description = "Measured rounds (tests)." };
        var warmup = new Option<int?>("--warmup") { Hidden = true, Description = "Warm-up rounds (tests)." };
        foreach (var option in new[] { messages, rounds })
        {
            option.Validators.Add(result =>
            {
                if (result.GetValueOrDefault<int?>() is < 1)
                {
                    result.AddError($"invalid {option.Name} {result.GetValueOrDefault<int?>()}: expected at least 1.");
                }
            });
        }

        var command = new Command("bench", "Measure the library against raw ClientWebSocket over loopback, side by side in one process, and print the ratios.")
        {
            scenarios, quick, full, json, messages, rounds, warmup,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(quick) && result.GetValue(full))
            {
                result.AddError("--quick and --full cannot be combined.");
            }
        });
        command.SetAction((parsed, cancellationToken) =>
        {
            var profile = parsed.GetValue(quick) ? BenchProfile.Quick : parsed.GetValue(full) ? BenchProfile.Full : BenchProfile.Default;
            if (parsed.GetValue(messages) is { } n)
            {
                profile = profile.WithMessages(n);
            }

            profile = profile with
            {
                Rounds = parsed.GetValue(rounds) ?? profile.Rounds,
                IdleRounds = parsed.GetValue(rounds) ?? profile.IdleRounds,
                WarmupRounds = Math.Max(0, parsed.GetValue(warmup) ?? profile.WarmupRounds),
                MinimumWarmup = parsed.GetValue(warmup) is null ? profile.MinimumWarmup : TimeSpan.Zero,
            };
            var chosen = parsed.GetValue(scenarios) is { Length: > 0 } wanted
                ? wanted.Select(name => BenchRunner.Scenarios.First(s => s.Name == name)).ToArray()
                : BenchRunner.Scenarios;
            IBenchOutput output = parsed.GetValue(json) ? new JsonBenchOutput(console.Output) : new TableBenchOutput(console.Output);
            return BenchRunner.RunAsync(profile, chosen, output, console.Error, cancellationToken);
        });
        return command;
    }
}
