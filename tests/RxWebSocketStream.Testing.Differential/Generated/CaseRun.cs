using System.Reactive.Concurrency;
using RxWebSocketStream.Testing.Differential.Kits;

namespace RxWebSocketStream.Testing.Differential.Generated;

/// <summary>Runs a <see cref="Plan"/> under one kit and renders everything it recorded.</summary>
internal static class CaseRun
{
    /// <summary>Far beyond any plan's times: stops a run that would otherwise schedule work forever.</summary>
    private const long Watchdog = 1_000_000;

    public static string Outcome(IKit kit, Plan plan)
    {
        var sources = plan.Sources.ToDictionary(
            s => s.Name,
            s => s.IsHot ? kit.Hot(s.Messages) : kit.Cold(s.Messages));
        var observables = sources.ToDictionary(s => s.Key, s => (IObservable<string>)s.Value);
        var second = kit.Observer<string>();
        kit.Scheduler.ScheduleAbsolute(Watchdog, kit.Scheduler.Stop);

        var lines = new List<string>();
        try
        {
            var first = kit.Start(
                () =>
                {
                    var query = plan.Query.Build(kit.Scheduler, observables);
                    if (plan.Second is { } times)
                    {
                        var subscription = default(IDisposable);
                        kit.Scheduler.ScheduleAbsolute(times.Subscribe, () => subscription = query.Subscribe(second));
                        kit.Scheduler.ScheduleAbsolute(times.Dispose, () => subscription?.Dispose());
                    }

                    return query;
                },
                plan.Created,
                plan.Subscribed,
                plan.Disposed);
            lines.Add("observer:");
            lines.AddRange(first.Messages.Select(m => "  " + m));
        }
        catch (Exception e)
        {
            // A throw out of the scheduler is part of the outcome: the other kit must throw alike.
            lines.Add($"threw {Rendering.Error(e)}");
        }

        if (plan.Second is not null)
        {
            lines.Add("second observer:");
            lines.AddRange(second.Messages.Select(m => "  " + m));
        }

        foreach (var (name, source) in sources)
        {
            lines.Add($"{name} subscriptions: {string.Join(", ", source.Subscriptions)}");
        }

        return string.Join("\n", lines);
    }
}
