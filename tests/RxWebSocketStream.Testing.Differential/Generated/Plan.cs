using System.Reactive;
using System.Reactive.Concurrency;

namespace RxWebSocketStream.Testing.Differential.Generated;

/// <summary>
/// One generated case as data: the test observables, the operator tree over them, and when the observers
/// subscribe and unsubscribe. Nothing random happens while it runs, so both kits see exactly the same case,
/// and <see cref="ToString"/> prints it for a failure report.
/// </summary>
internal sealed record Plan(
    IReadOnlyList<SourcePlan> Sources,
    Node Query,
    long Created,
    long Subscribed,
    long Disposed,
    (long Subscribe, long Dispose)? Second)
{
    public override string ToString()
    {
        var lines = Sources.Select(s => s.ToString()).ToList();
        lines.Add($"query = {Query}");
        lines.Add($"Start(created {Created}, subscribed {Subscribed}, disposed {Disposed})");
        if (Second is { } second)
        {
            lines.Add($"second observer: subscribes at {second.Subscribe}, disposes at {second.Dispose}");
        }

        return string.Join("\n", lines);
    }
}

/// <summary>A hot or cold test observable of strings, named by a letter.</summary>
internal sealed record SourcePlan(string Name, bool IsHot, IReadOnlyList<(long Time, Notification<string> Value)> Messages)
{
    public override string ToString() =>
        $"{Name} = {(IsHot ? "hot" : "cold")} [{string.Join(", ", Messages.Select(m => Kits.Rendering.Message(m.Time, m.Value)))}]";
}

/// <summary>A node of the operator tree: builds its observable on the kit's scheduler and sources.</summary>
internal abstract record Node
{
    public abstract IObservable<string> Build(IScheduler scheduler, IReadOnlyDictionary<string, IObservable<string>> sources);
}

/// <summary>A test observable of the plan, by name.</summary>
internal sealed record SourceNode(string Name) : Node
{
    public override IObservable<string> Build(IScheduler scheduler, IReadOnlyDictionary<string, IObservable<string>> sources) => sources[Name];

    public override string ToString() => Name;
}

/// <summary>An operator applied to its inputs; <see cref="Description"/> names it with its arguments, as <c>Throttle(30)</c>.</summary>
internal sealed record OperatorNode(string Description, IReadOnlyList<Node> Inputs, Func<IObservable<string>[], IScheduler, IObservable<string>> Apply) : Node
{
    public override IObservable<string> Build(IScheduler scheduler, IReadOnlyDictionary<string, IObservable<string>> sources) =>
        Apply([.. Inputs.Select(i => i.Build(scheduler, sources))], scheduler);

    public override string ToString() => Inputs.Count == 0
        ? Description
        : $"{Description}[{string.Join(", ", Inputs)}]";
}
