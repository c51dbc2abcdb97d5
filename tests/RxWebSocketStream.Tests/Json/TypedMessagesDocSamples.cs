using System.Text.Json.Serialization;
using System.Reactive.Concurrency;
using RxWebSocketStream.Testing;

namespace RxWebSocketStream.Tests.Json;

// The code blocks of docs/typed-messages.md, compiled and run here; TypedMessagesDocTests checks that the page shows
// exactly these blocks.

// <context>
[JsonSerializable(typeof(Tick))]
internal sealed partial class AppJson : JsonSerializerContext;
// </context>

public sealed class TypedMessagesDocSamples
{
    [Fact]
    public void MessageLevel_RoundTrips()
    {
        // <message>
        Message message = Message.FromJson(new Tick("AB", 1.5m), AppJson.Default.Tick);   // text: {"Symbol":"AB","Price":1.5}
        Tick tick = message.ReadJson(AppJson.Default.Tick);                                 // UndecodableMessageException if not a Tick
        // </message>

        Assert.Equal("""{"Symbol":"AB","Price":1.5}""", message.Text);
        Assert.Equal(new Tick("AB", 1.5m), tick);
    }

    [Fact]
    public async Task View_ReceivesSendsAndRoutes()
    {
        var scheduler = new TestScheduler();
        var peer = new VirtualPeer(scheduler);
        using var connection = WebSocketConnection.Create(peer.Socket, new() { Scheduler = scheduler });
        peer.Perform(PeerAction.Text("""{"Symbol":"AB","Price":1.5}"""));
        peer.Perform(PeerAction.Text("not a tick"));
        var seen = new List<string>();
        var log = new List<string>();

        var use = UseViewAsync(connection, seen, log);
        scheduler.AdvanceBy(TimeSpan.FromSeconds(1).Ticks);
        using var subscription = await use;

        Assert.Equal(["AB 1.5"], seen);
        Assert.StartsWith("skipped: A text message of 10 bytes could not be read as Tick: ", Assert.Single(log), StringComparison.Ordinal);
        Assert.Equal([SocketAction.TextMessage("""{"Symbol":"CD","Price":20}"""), SocketAction.TextMessage("""{"Symbol":"EF","Price":3}""")], peer.ReceivedActions);
    }

    [Fact]
    public void Session_ReadAllAsync()
    {
        var scheduler = new TestScheduler();
        var peer = new VirtualPeer(scheduler);
        using var session = ReconnectingConnection.Create(
            _ => WebSocketConnection.Connect(new Uri("ws://virtual.test/"), new() { Scheduler = scheduler, SocketFactory = peer.ConnectAsync }),
            new() { Scheduler = scheduler });
        peer.Script(new Recorded<PeerAction>(10, PeerAction.Text("""{"Symbol":"AB","Price":1.5}""")));
        var prices = new List<decimal>();
        Task? read = null;

        // Started inside the scheduler: the loop's continuations then run there, in virtual time.
        scheduler.ScheduleAbsolute(1, () => read = ReadPricesAsync(session, prices));
        scheduler.ScheduleAbsolute(20, () => session.Close());
        scheduler.AdvanceBy(TimeSpan.FromSeconds(1).Ticks);

        Assert.True(read!.IsCompletedSuccessfully);
        Assert.Equal([1.5m], prices);
    }

    private static async Task<IDisposable> UseViewAsync(WebSocketConnection connection, List<string> seen, List<string> log)
    {
        void Log(string line) => log.Add(line);

        // <view>
        var ticks = connection.AsJson(AppJson.Default.Tick, new JsonMessageOptions
        {
            // Without this, a message that does not decode ends the typed sequence with the exception.
            OnUndecodable = e => Log($"skipped: {e.Message}"),
        });

        var subscription = ticks.Subscribe(t => seen.Add($"{t.Symbol} {t.Price}"));
        ticks.Sink.OnNext(new Tick("CD", 20m));          // encoded, queued in the connection's send buffer
        await ticks.SendAsync(new Tick("EF", 3m));       // completes when written
        // </view>

        return subscription;
    }

    private static async Task ReadPricesAsync(ReconnectingConnection session, List<decimal> prices)
    {
        // <session>
        await foreach (var tick in session.AsJson(AppJson.Default.Tick).ReadAllAsync().ConfigureAwait(false))
        {
            prices.Add(tick.Price);
        }
        // </session>
    }
}
