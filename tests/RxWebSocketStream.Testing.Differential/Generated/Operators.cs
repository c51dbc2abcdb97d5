using System.Reactive.Concurrency;
using System.Reactive.Linq;

namespace RxWebSocketStream.Testing.Differential.Generated;

/// <summary>
/// The operators a generated case draws from, each with its arguments drawn at generation time. Mostly
/// time-based ones, since their timers are what a TestScheduler decides; elements are strings, and operators
/// that emit collections or windows emit them as strings too, so every case records strings.
/// </summary>
internal static class Operators
{
    /// <summary>Every operator description prefix, so a test can check that a run draws each of them.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "Throttle", "Sample", "Delay", "DelaySubscription", "Timeout", "Buffer", "Window", "Skip", "Take", "SkipLast",
        "TakeLast", "TimeInterval", "Timestamp", "Replay", "Publish", "Retry", "Repeat", "GroupByUntil", "ObserveOn",
        "SubscribeOn", "Select(throws", "Merge", "Concat", "Amb", "CombineLatest", "Zip", "TakeUntil", "SkipUntil", "WithLatestFrom",
        "Catch", "Switch", "SelectMany", "Join", "Timer", "Interval", "Return", "Never", "Throw", "Generate",
    ];

    public static Node Unary(Random random, Node x)
    {
        long D(int min, int max) => random.Next(min, max + 1);
        var (d, e) = (D(0, 100), D(1, 120));
        var n = (int)D(1, 3);
        return random.Next(31) switch
        {
            0 => Op($"Throttle({d})", [x], (xs, s) => xs[0].Throttle(T(d), s)),
            1 => Op($"Sample({e})", [x], (xs, s) => xs[0].Sample(T(e), s)),
            2 => Op($"Delay({d})", [x], (xs, s) => xs[0].Delay(T(d), s)),
            3 => Op($"DelaySubscription({d})", [x], (xs, s) => xs[0].DelaySubscription(T(d), s)),
            4 => Op($"Timeout({d})", [x], (xs, s) => xs[0].Timeout(T(d), s)),
            5 => Op($"Buffer({e})", [x], (xs, s) => xs[0].Buffer(T(e), s).Select(Join)),
            6 => Op($"Buffer({e}, shift {d + 1})", [x], (xs, s) => xs[0].Buffer(T(e), T(d + 1), s).Select(Join)),
            7 => Op($"Buffer({e}, count {n})", [x], (xs, s) => xs[0].Buffer(T(e), n, s).Select(Join)),
            8 => Op($"Window({e})", [x], (xs, s) => Flatten(xs[0].Window(T(e), s))),
            9 => Op($"Window({e}, shift {d + 1})", [x], (xs, s) => Flatten(xs[0].Window(T(e), T(d + 1), s))),
            10 => Op($"Window(count {n}, skip {4 - n})", [x], (xs, _) => Flatten(xs[0].Window(n, 4 - n))),
            11 => Op($"Skip({d * 3})", [x], (xs, s) => xs[0].Skip(T(d * 3), s)),
            12 => Op($"Take({d * 3})", [x], (xs, s) => xs[0].Take(T(d * 3), s)),
            13 => Op($"SkipLast({d})", [x], (xs, s) => xs[0].SkipLast(T(d), s)),
            14 => Op($"TakeLast({d})", [x], (xs, s) => xs[0].TakeLast(T(d), s)),
            15 => Op("TimeInterval", [x], (xs, s) => xs[0].TimeInterval(s).Select(t => $"{t.Value}+{t.Interval.Ticks}")),
            16 => Op("Timestamp", [x], (xs, s) => xs[0].Timestamp(s).Select(t => $"{t.Value}@{t.Timestamp.UtcTicks}")),
            17 => Op($"Replay({n}, {e}).RefCount", [x], (xs, s) => xs[0].Replay(n, T(e), s).RefCount()),
            18 => Op($"Replay(ys => ys.Merge(ys.Delay({d})), {n}, {e})", [x], (xs, s) => xs[0].Replay(ys => ys.Merge(ys.Delay(T(d), s)), n, T(e), s)),
            19 => Op("Publish(ys => ys.Zip(ys.Skip(1)))", [x], (xs, _) => xs[0].Publish(ys => ys.Zip(ys.Skip(1), (a, b) => a + b))),
            20 => Op("Publish.RefCount", [x], (xs, _) => xs[0].Publish().RefCount()),
            21 => Op("Retry(2)", [x], (xs, _) => xs[0].Retry(2)),
            22 => Op("Repeat(2)", [x], (xs, _) => xs[0].Repeat(2)),
            23 => Op($"Throttle(_ => Timer({d}))", [x], (xs, s) => xs[0].Throttle(_ => Observable.Timer(T(d), s))),
            24 => Op($"Delay(v => Timer({d} + 7 * length))", [x], (xs, s) => xs[0].Delay(v => Observable.Timer(T(d + (7 * v.Length)), s))),
            25 => Op($"Timeout(Timer({e}), _ => Timer({d}))", [x], (xs, s) => xs[0].Timeout(Observable.Timer(T(e), s), _ => Observable.Timer(T(d), s))),
            26 => Op($"GroupByUntil(first letter, _ => Timer({e}))", [x], (xs, s) => xs[0]
                .GroupByUntil(v => v[..1], _ => Observable.Timer(T(e), s))
                .SelectMany(g => g.Select(v => $"{g.Key}:{v}"))),
            27 => Op("ObserveOn", [x], (xs, s) => xs[0].ObserveOn(s)),
            28 => Op("SubscribeOn", [x], (xs, s) => xs[0].SubscribeOn(s)),
            29 => Op("Select(throws on *1)", [x], (xs, _) => xs[0].Select(v => v.EndsWith('1') ? throw new FormatException($"{v} rejected") : v)),
            _ => Op($"Timeout({e}, fallback Return)", [x], (xs, s) => xs[0].Timeout(T(e), Observable.Return("fallback", s), s)),
        };
    }

    public static Node Binary(Random random, Node x, Node y)
    {
        long D(int min, int max) => random.Next(min, max + 1);
        var (d, e) = (D(0, 100), D(1, 120));
        return random.Next(18) switch
        {
            0 => Op("Merge", [x, y], (xs, _) => xs[0].Merge(xs[1])),
            1 => Op("Concat", [x, y], (xs, _) => xs[0].Concat(xs[1])),
            2 => Op("Amb", [x, y], (xs, _) => xs[0].Amb(xs[1])),
            3 => Op("CombineLatest", [x, y], (xs, _) => xs[0].CombineLatest(xs[1], (a, b) => a + b)),
            4 => Op("Zip", [x, y], (xs, _) => xs[0].Zip(xs[1], (a, b) => a + b)),
            5 => Op("TakeUntil", [x, y], (xs, _) => xs[0].TakeUntil(xs[1])),
            6 => Op("SkipUntil", [x, y], (xs, _) => xs[0].SkipUntil(xs[1])),
            7 => Op("WithLatestFrom", [x, y], (xs, _) => xs[0].WithLatestFrom(xs[1], (a, b) => a + b)),
            8 => Op("Catch", [x, y], (xs, _) => xs[0].Catch(xs[1])),
            9 => Op("Sample(sampler)", [x, y], (xs, _) => xs[0].Sample(xs[1])),
            10 => Op("Buffer(boundaries)", [x, y], (xs, _) => xs[0].Buffer(xs[1]).Select(Join)),
            11 => Op("Window(boundaries)", [x, y], (xs, _) => Flatten(xs[0].Window(xs[1]))),
            12 => Op("Switch(v => inner)", [x, y], (xs, _) => xs[0].Select(v => xs[1].Select(w => $"{v}>{w}")).Switch()),
            13 => Op("SelectMany(v => inner)", [x, y], (xs, _) => xs[0].SelectMany(v => xs[1].Select(w => $"{v}>{w}"))),
            14 => Op($"Timeout({e}, fallback)", [x, y], (xs, s) => xs[0].Timeout(T(e), xs[1], s)),
            15 => Op($"Join(Timer({d}), Timer({e}))", [x, y], (xs, s) => xs[0].Join(xs[1], _ => Observable.Timer(T(d), s), _ => Observable.Timer(T(e), s), (a, b) => a + b)),
            16 => Op("Throttle(_ => other)", [x, y], (xs, _) => xs[0].Throttle(_ => xs[1])),
            _ => Op($"Buffer(openings, _ => Timer({e}))", [x, y], (xs, s) => xs[0].Buffer(xs[1], _ => Observable.Timer(T(e), s)).Select(Join)),
        };
    }

    /// <summary>A leaf that is not a test observable: the Rx factories that take a scheduler.</summary>
    public static Node Factory(Random random)
    {
        long D(int min, int max) => random.Next(min, max + 1);
        var (d, e) = (D(0, 300), D(1, 120));
        var n = (int)D(1, 4);
        return random.Next(6) switch
        {
            0 => Op($"Timer({d})", [], (_, s) => Observable.Timer(T(d), s).Select(_ => "t")),
            1 => Op($"Interval({e}).Take({n})", [], (_, s) => Observable.Interval(T(e), s).Take(n).Select(i => $"i{i}")),
            2 => Op("Return", [], (_, s) => Observable.Return("r", s)),
            3 => Op("Never", [], (_, _) => Observable.Never<string>()),
            4 => Op("Throw", [], (_, s) => Observable.Throw<string>(new InvalidOperationException("thrown"), s)),
            _ => Op($"Generate({n}, every {e})", [], (_, s) => Observable.Generate(0, i => i < n, i => i + 1, i => $"g{i}", _ => T(e), s)),
        };
    }

    private static OperatorNode Op(string description, Node[] inputs, Func<IObservable<string>[], IScheduler, IObservable<string>> apply) =>
        new(description, inputs, apply);

    private static TimeSpan T(long ticks) => TimeSpan.FromTicks(ticks);

    private static string Join(IList<string> values) => $"[{string.Join(",", values)}]";

    /// <summary>Windows flattened, each value tagged with its window's index.</summary>
    private static IObservable<string> Flatten(IObservable<IObservable<string>> windows) =>
        windows.Select((window, index) => window.Select(v => $"w{index}:{v}")).Merge();
}
