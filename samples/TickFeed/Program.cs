using System.Reactive.Linq;
using TickFeed;

// Runs the feed server and the averaging client side by side, restarts the server halfway, and shows the client
// carrying on. `dotnet run --project samples/TickFeed`.
var ticks = FeedServer.RandomWalk(TimeSpan.FromMilliseconds(50), "MSFT", "AAPL", "NVDA");

var server = FeedServer.Create(ticks);
await server.StartAsync();
var url = new Uri(server.Urls.First().Replace("http", "ws", StringComparison.Ordinal) + "/ticks");
var port = url.Port;
Console.WriteLine($"feed on {url}");

await using var session = AveragingClient.Connect(url);
using var states = session.States.Subscribe(state => Console.WriteLine($"  session: {state}"));
using var averages = AveragingClient.Averages(session, window: 5)
    .Subscribe(average => Console.WriteLine($"{average.Symbol} {average.Average:0.000}"));

await Task.Delay(TimeSpan.FromSeconds(2));
Console.WriteLine("restarting the server");
await server.StopAsync();
await server.DisposeAsync();
server = FeedServer.Create(ticks, port);
await server.StartAsync();

await Task.Delay(TimeSpan.FromSeconds(3));
await session.DisposeAsync();
await server.StopAsync();
await server.DisposeAsync();
