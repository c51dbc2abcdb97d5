using System.Globalization;
using RxWebSocketStream.FanOut.Benchmarks;

// Fan-out, this library against ASP.NET Core SignalR, side by side in one run (README.md beside this file).
//   dotnet run -c Release --project tests/RxWebSocketStream.FanOut.Benchmarks -- [--clients 100,1000]
//     [--sizes 32,1024] [--seconds 5] [--repeat 3] [--targets rxws,signalr-json,signalr-msgpack]
if (args.Length > 0 && args[0] == "--client-process")
{
    return await ClientProcess.RunAsync(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture), [.. args[4].Split(',').Select(u => new Uri(u))]);
}

var clientCounts = Option("--clients", "100,1000").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray();
var sizes = Option("--sizes", "32,1024").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
var duration = TimeSpan.FromSeconds(double.Parse(Option("--seconds", "5"), CultureInfo.InvariantCulture));
var repeat = int.Parse(Option("--repeat", "3"), CultureInfo.InvariantCulture);
var targets = Option("--targets", string.Join(',', Targets.Names)).Split(',');

Console.WriteLine($"Fan-out: {string.Join(", ", targets)}; clients {string.Join(", ", clientCounts)}; payload {string.Join(", ", sizes)} B; {duration.TotalSeconds} s each, {repeat} repeat(s), interleaved; {Environment.ProcessorCount} cores.");
Console.WriteLine("| run | target | clients | payload | delivered msg/s | p50 µs | p99 µs | server B/delivery | server B/connection | server CPU % | clients CPU % | dropped |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
var results = new List<ScenarioResult>();
for (var run = 1; run <= repeat; run++)
{
    foreach (var clients in clientCounts)
    {
        foreach (var size in sizes)
        {
            foreach (var target in targets)
            {
                var r = await Scenario.RunAsync(target, clients, size, duration);
                results.Add(r);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {run} | {r.Target} | {r.Clients} | {r.Size} | {r.DeliveredPerSecond:N0} | {r.LatencyP50Micros:N0} | {r.LatencyP99Micros:N0} | {r.ServerBytesPerDelivery:F1} | {r.ServerBytesPerConnection:N0} | {r.ServerCpuPercent:F0} | {r.ClientCpuPercent:F0} | {r.Dropped} |"));
            }
        }
    }
}

Console.WriteLine();
Console.WriteLine("Medians:");
Console.WriteLine("| target | clients | payload | delivered msg/s | p50 µs | p99 µs | server B/delivery | server B/connection | server CPU % | clients CPU % | msg/s vs rxws | B/delivery vs rxws |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
foreach (var group in results.GroupBy(r => (r.Clients, r.Size)))
{
    var medians = group.GroupBy(r => r.Target).Select(g => (Target: g.Key, Median: Median(g))).ToList();
    foreach (var (target, m) in medians)
    {
        // Two instances behind Redis are compared with this library behind Redis; one server with one server.
        var baseline = target.EndsWith("-redis", StringComparison.Ordinal) ? "rxws-redis" : "rxws";
        var rxws = medians.FirstOrDefault(m => m.Target == baseline).Median;
        var speed = rxws is null ? "" : string.Create(CultureInfo.InvariantCulture, $"{rxws.DeliveredPerSecond / m.DeliveredPerSecond:F2}x");
        var alloc = rxws is null ? "" : string.Create(CultureInfo.InvariantCulture, $"{m.ServerBytesPerDelivery / Math.Max(0.01, rxws.ServerBytesPerDelivery):F1}x");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {target} | {m.Clients} | {m.Size} | {m.DeliveredPerSecond:N0} | {m.LatencyP50Micros:N0} | {m.LatencyP99Micros:N0} | {m.ServerBytesPerDelivery:F1} | {m.ServerBytesPerConnection:N0} | {m.ServerCpuPercent:F0} | {m.ClientCpuPercent:F0} | {speed} | {alloc} |"));
    }
}

Console.WriteLine("msg/s vs rxws: rxws's delivered msg/s divided by this target's (above 1: rxws delivers more). B/delivery vs rxws: this target's allocation per delivered message divided by rxws's. Targets ending in -redis are compared with rxws-redis.");
return 0;

string Option(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

// Each column's median on its own (with 3 repeats, the middle value of each).
static ScenarioResult Median(IEnumerable<ScenarioResult> runs)
{
    var list = runs.ToList();
    double M(Func<ScenarioResult, double> f) => list.Select(f).Order().ElementAt(list.Count / 2);
    var first = list[0];
    return first with
    {
        DeliveredPerSecond = M(r => r.DeliveredPerSecond),
        LatencyP50Micros = M(r => r.LatencyP50Micros),
        LatencyP99Micros = M(r => r.LatencyP99Micros),
        ServerBytesPerDelivery = M(r => r.ServerBytesPerDelivery),
        ServerBytesPerConnection = M(r => r.ServerBytesPerConnection),
        ServerCpuPercent = M(r => r.ServerCpuPercent),
        ClientCpuPercent = M(r => r.ClientCpuPercent),
        Dropped = list.Max(r => r.Dropped),
    };
}
