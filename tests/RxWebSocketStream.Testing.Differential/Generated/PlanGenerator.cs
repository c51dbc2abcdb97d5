using System.Reactive;

namespace RxWebSocketStream.Testing.Differential.Generated;

/// <summary>
/// Draws case <c>number</c> of a seed: random hot and cold test observables, an operator tree up to three
/// deep over them, and random creation, subscription and disposal times. Each case has its own random source
/// made from the seed and the number, so any case is replayed alone.
/// </summary>
internal static class PlanGenerator
{
    private const int MaxDepth = 3;

    public static Plan Generate(int seed, int number)
    {
        // Not HashCode.Combine: it is salted per process, and a case must replay in any process.
        var random = new Random(unchecked((seed * 1_000_003) + number));
        var sources = new List<SourcePlan>();
        var query = Tree(random, sources, random.Next(1, MaxDepth + 1));

        var created = (long)random.Next(0, 151);
        var subscribed = created + random.Next(0, 251);
        var disposed = subscribed + random.Next(0, 901);
        (long, long)? second = null;
        if (random.Next(10) < 4)
        {
            var subscribe = created + random.Next(0, 501);
            second = (subscribe, subscribe + random.Next(0, 701));
        }

        return new Plan(sources, query, created, subscribed, disposed, second);
    }

    private static Node Tree(Random random, List<SourcePlan> sources, int depth)
    {
        var roll = random.Next(100);
        if (depth == 0 || roll < 15)
        {
            return Leaf(random, sources);
        }

        return roll < 65
            ? Operators.Unary(random, Tree(random, sources, depth - 1))
            : Operators.Binary(random, Tree(random, sources, depth - 1), Tree(random, sources, depth - 1));
    }

    private static Node Leaf(Random random, List<SourcePlan> sources)
    {
        var roll = random.Next(100);
        if (roll < 15)
        {
            return Operators.Factory(random);
        }

        if (roll < 30 && sources.Count > 0)
        {
            return new SourceNode(sources[random.Next(sources.Count)].Name);
        }

        var source = Source(random, ((char)('a' + sources.Count)).ToString());
        sources.Add(source);
        return new SourceNode(source.Name);
    }

    /// <summary>
    /// Up to six values named after the source (<c>a0</c>, <c>a1</c>), a quarter of them at the same time as the
    /// one before; then completion, an error, or nothing. Hot times may fall before the subscription.
    /// </summary>
    private static SourcePlan Source(Random random, string name)
    {
        var hot = random.Next(100) < 55;
        var time = (long)(hot ? random.Next(0, 301) : random.Next(0, 41));
        var messages = new List<(long, Notification<string>)>();
        var count = random.Next(0, 7);
        for (var i = 0; i < count; i++)
        {
            messages.Add((time, Notification.CreateOnNext($"{name}{i}")));
            time += random.Next(4) == 0 ? 0 : random.Next(1, 81);
        }

        var end = random.Next(100);
        if (end < 50)
        {
            messages.Add((time + random.Next(0, 61), Notification.CreateOnCompleted<string>()));
        }
        else if (end < 65)
        {
            messages.Add((time + random.Next(0, 61), Notification.CreateOnError<string>(new InvalidOperationException($"{name} failed"))));
        }

        return new SourcePlan(name, hot, messages);
    }
}
