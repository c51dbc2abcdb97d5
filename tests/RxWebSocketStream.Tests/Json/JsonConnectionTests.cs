using System.Net.WebSockets;
using System.Reactive.Concurrency;
using RxWebSocketStream.Testing;

namespace RxWebSocketStream.Tests.Json;

/// <summary>
/// <c>connection.AsJson(typeInfo)</c> in virtual time (1 frame = 1 ms): decoded values, the sink and <c>SendAsync</c> of
/// values, <c>ReadAllAsync</c>, and what becomes of a message that does not decode (docs/typed-messages.md).
/// </summary>
public sealed class JsonConnectionTests
{
    private static readonly Tick Ab = new("AB", 1.5m);
    private static readonly Tick Cd = new("CD", 20m);
    private const string AbJson = """{"Symbol":"AB","Price":1.5}""";
    private const string CdJson = """{"Symbol":"CD","Price":20}""";
    private static readonly Dictionary<char, Tick> TickValues = new() { ['a'] = Ab, ['c'] = Cd };

    /// <summary>The bad input of the issue: garbage, truncated JSON, the wrong type, and a frame of the other kind.</summary>
    public static TheoryData<string, Message, MessageType> Undecodable => new()
    {
        { "garbage", Message.FromText("hello, world"), MessageType.Text },
        { "truncated", Message.FromText("""{"Symbol":"AB","Pri"""), MessageType.Text },
        { "wrong type", Message.FromText("[1,2,3]"), MessageType.Text },
        { "garbage, binary", Message.FromBinary([0xCA, 0xFE]), MessageType.Binary },
        { "binary where text is expected", Message.FromBinary("""{"Symbol":"AB","Price":1.5}"""u8.ToArray()), MessageType.Text },
        { "text where binary is expected", Message.FromText(AbJson), MessageType.Binary },
    };

    private static (MarbleTest M, VirtualPeer Peer, WebSocketConnection Connection) Connect()
    {
        var m = new MarbleTest();
        var peer = new VirtualPeer(m.Scheduler);
        var connection = WebSocketConnection.Create(peer.Socket, new() { Scheduler = m.Scheduler });
        return (m, peer, connection);
    }

    private static PeerAction Frame(string json, MessageType type) =>
        type == MessageType.Text ? PeerAction.Text(json) : PeerAction.Binary(System.Text.Encoding.UTF8.GetBytes(json));

    [Theory]
    [InlineData(MessageType.Text)]
    [InlineData(MessageType.Binary)]
    public void Subscribe_DecodesEachMessage_AndCompletesWithTheConnection(MessageType type)
    {
        var (m, peer, connection) = Connect();
        var ticks = connection.AsJson(TestJson.Default.Tick, new() { MessageType = type });
        peer.Script("-a--c-|", new Dictionary<char, PeerAction> { ['a'] = Frame(AbJson, type), ['c'] = Frame(CdJson, type) });

        m.ExpectObservable(ticks).ToBe("-a--c-|", TickValues);
        m.Run();
    }

    [Theory]
    [MemberData(nameof(Undecodable))]
    public void Subscribe_MessageThatDoesNotDecode_FailsTheSequenceWithIt_AndTheLastSubscriberLeavingCloses(string name, Message bad, MessageType expected)
    {
        var (m, peer, connection) = Connect();
        var ticks = connection.AsJson(TestJson.Default.Tick, new() { MessageType = expected });
        peer.Script("-a--x--c-|", new Dictionary<char, PeerAction> { ['a'] = Frame(AbJson, expected), ['x'] = Peer(bad), ['c'] = Frame(CdJson, expected) });
        UndecodableMessageException? error = null;

        m.ExpectObservable(ticks).ToBe("-a--#", TickValues, e => (error = e as UndecodableMessageException) is not null);
        m.Run();

        Assert.NotNull(error);
        Assert.Equal(typeof(Tick), error.TargetType);
        Assert.Equal(bad, error.UndecodableMessage);
        Assert.StartsWith($"A {(bad.IsText ? "text" : "binary")} message of {bad.Data.Length} bytes could not be read as Tick: ", error.Message, StringComparison.Ordinal);

        // The typed view was the only subscriber: leaving made the connection close (1000, its unsubscribe close), as
        // disposing the last subscription does; the message after the bad one was never read.
        Assert.Equal(SocketAction.CloseOutput(WebSocketCloseStatus.NormalClosure, ""), peer.ReceivedActions[0]);
        Assert.True(connection.Closed.IsCompletedSuccessfully, name);
    }

    [Fact]
    public void Subscribe_BinaryWhereTextIsExpected_SaysWhichKindTheViewReads()
    {
        var (m, peer, connection) = Connect();
        peer.Script("-x", new Dictionary<char, PeerAction> { ['x'] = PeerAction.Binary("""{"Symbol":"AB","Price":1.5}"""u8.ToArray()) });

        m.ExpectObservable(connection.AsJson(TestJson.Default.Tick)).ToBe(
            "-#",
            values: null,
            e => e.Message.StartsWith("A binary message of 27 bytes could not be read as Tick: the view reads text messages (JsonMessageOptions.MessageType). The message: binary[27] 7B 22", StringComparison.Ordinal));
        m.Run();
    }

    [Fact]
    public void Subscribe_UndecodableWhileAnotherSubscriberListens_OnlyTheTypedSequenceEnds()
    {
        var (m, peer, connection) = Connect();
        peer.Script("-a--x--c-|", new Dictionary<char, PeerAction> { ['a'] = PeerAction.Text(AbJson), ['x'] = PeerAction.Text("oops"), ['c'] = PeerAction.Text(CdJson) });

        m.ExpectObservable(connection.AsJson(TestJson.Default.Tick)).ToBe("-a--#", TickValues, static e => e is UndecodableMessageException);
        m.ExpectObservable(connection).ToBe(
            "-a--x--c-|",
            new Dictionary<char, Message> { ['a'] = Message.FromText(AbJson), ['x'] = Message.FromText("oops"), ['c'] = Message.FromText(CdJson) });
        m.Run();
    }

    [Theory]
    [MemberData(nameof(Undecodable))]
    public void Subscribe_WithOnUndecodable_RoutesTheMessageThere_AndGoesOn(string name, Message bad, MessageType expected)
    {
        var (m, peer, connection) = Connect();
        var routed = new List<(long Frame, UndecodableMessageException Error)>();
        var ticks = connection.AsJson(TestJson.Default.Tick, new()
        {
            MessageType = expected,
            OnUndecodable = e => routed.Add((m.Scheduler.Clock / TimeSpan.TicksPerMillisecond, e)),
        });
        peer.Script("-a--x--c-|", new Dictionary<char, PeerAction> { ['a'] = Frame(AbJson, expected), ['x'] = Peer(bad), ['c'] = Frame(CdJson, expected) });

        m.ExpectObservable(ticks).ToBe("-a-----c-|", TickValues);
        m.Run();

        var (frame, error) = Assert.Single(routed);
        Assert.Equal(4, frame);
        Assert.Equal(bad, error.UndecodableMessage);
        Assert.Equal(typeof(Tick), error.TargetType);
        Assert.False(string.IsNullOrEmpty(name));
    }

    [Fact]
    public void Subscribe_OnUndecodableThrows_TheSequenceFailsWithWhatItThrew()
    {
        var (m, peer, connection) = Connect();
        var ticks = connection.AsJson(TestJson.Default.Tick, new() { OnUndecodable = static e => throw new InvalidOperationException("no bad ticks", e) });
        peer.Script("-a--x--c-|", new Dictionary<char, PeerAction> { ['a'] = PeerAction.Text(AbJson), ['x'] = PeerAction.Text("{"), ['c'] = PeerAction.Text(CdJson) });

        m.ExpectObservable(ticks).ToBe("-a--#", TickValues, static e => e is InvalidOperationException { Message: "no bad ticks", InnerException: UndecodableMessageException });
        m.Run();
    }

    [Theory]
    [InlineData(MessageType.Text)]
    [InlineData(MessageType.Binary)]
    public void SinkAndSendAsync_EncodeValues_AsTheChosenFrame_AndOnCompletedCloses(MessageType type)
    {
        var (m, peer, connection) = Connect();
        var ticks = connection.AsJson(TestJson.Default.Tick, new() { MessageType = type });
        Task? sent = null;
        m.Scheduler.ScheduleAbsolute(1 * TimeSpan.TicksPerMillisecond, () => ticks.Sink.OnNext(Ab));
        m.Scheduler.ScheduleAbsolute(2 * TimeSpan.TicksPerMillisecond, () => sent = ticks.SendAsync(Cd));
        m.Scheduler.ScheduleAbsolute(3 * TimeSpan.TicksPerMillisecond, () => ticks.Sink.OnCompleted());
        var wire = new Dictionary<char, SocketAction>
        {
            ['a'] = type == MessageType.Text ? SocketAction.TextMessage(AbJson) : SocketAction.BinaryMessage(System.Text.Encoding.UTF8.GetBytes(AbJson)),
            ['c'] = type == MessageType.Text ? SocketAction.TextMessage(CdJson) : SocketAction.BinaryMessage(System.Text.Encoding.UTF8.GetBytes(CdJson)),
            ['x'] = SocketAction.CloseOutput(WebSocketCloseStatus.NormalClosure, ""),
        };

        m.ExpectObservable(peer.Received).ToBe("-ac(x|)", wire);
        m.Run();

        Assert.True(sent!.IsCompletedSuccessfully);
        Assert.True(connection.Closed.IsCompletedSuccessfully);
    }

    [Fact]
    public void Sink_ValueThatCannotBeSerialized_ThrowsFromOnNext_AndNothingIsQueued()
    {
        var (m, peer, connection) = Connect();
        var numbers = connection.AsJson(TestJson.Default.Double);

        // System.Text.Json refuses NaN (it is not a JSON number) unless asked to write it as a string.
        Assert.ThrowsAny<ArgumentException>(() => numbers.Sink.OnNext(double.NaN));
        Assert.ThrowsAny<ArgumentException>(() => { _ = numbers.SendAsync(double.NaN); });
        numbers.Sink.OnNext(2.5);
        m.Run();

        Assert.Equal([SocketAction.TextMessage("2.5")], peer.ReceivedActions);
    }

    [Fact]
    public async Task SendAllAsync_EncodesEachValue_AndAValueThatCannotBeSerializedStopsItAsAFailingSource()
    {
        var (m, peer, connection) = Connect();
        var numbers = connection.AsJson(TestJson.Default.Double);
        Task<SendAllResult>? sending = null;
        m.Scheduler.ScheduleAbsolute(TimeSpan.TicksPerMillisecond, () => sending = numbers.SendAllAsync(Values(1.5, 2, double.NaN, 4)));
        m.Scheduler.AdvanceTo(10 * TimeSpan.TicksPerMillisecond);

        Assert.True(sending!.IsCompletedSuccessfully, $"SendAllAsync is {sending.Status}");
        var result = await sending; // already completed: checked just above
        Assert.Equal((2L, SendAllStopReason.SourceFailed), (result.Sent, result.Reason));
        Assert.IsAssignableFrom<ArgumentException>(result.Error);
        Assert.Equal([SocketAction.TextMessage("1.5"), SocketAction.TextMessage("2")], peer.ReceivedActions);
        Assert.False(connection.Closed.IsCompleted); // it never closes the connection

        static async IAsyncEnumerable<double> Values(params double[] values)
        {
            await Task.CompletedTask; // synchronous on purpose: virtual time, no thread hop
            foreach (var value in values)
            {
                yield return value;
            }
        }
    }

    [Fact]
    public async Task ReadAllAsync_DecodesOnDemand_AndEndsWithTheConnection()
    {
        var (m, peer, connection) = Connect();
        var ticks = connection.AsJson(TestJson.Default.Tick);
        peer.Script("-a--c-|", new Dictionary<char, PeerAction> { ['a'] = PeerAction.Text(AbJson), ['c'] = PeerAction.Text(CdJson) });

        var read = CollectAsync(ticks.ReadAllAsync());
        m.Run();

        Assert.Equal([Ab, Cd], await read);
    }

    [Theory]
    [MemberData(nameof(Undecodable))]
    public async Task ReadAllAsync_MessageThatDoesNotDecode_Throws_AndTheLastReaderLeavingCloses(string name, Message bad, MessageType expected)
    {
        var (m, peer, connection) = Connect();
        var ticks = connection.AsJson(TestJson.Default.Tick, new() { MessageType = expected });
        peer.Script("-a--x--c-|", new Dictionary<char, PeerAction> { ['a'] = Frame(AbJson, expected), ['x'] = Peer(bad), ['c'] = Frame(CdJson, expected) });
        var seen = new List<Tick>();

        var read = ReadIntoAsync(ticks.ReadAllAsync(), seen);
        m.Run();

        var error = await Assert.ThrowsAsync<UndecodableMessageException>(() => read);
        Assert.Equal(bad, error.UndecodableMessage);
        Assert.Equal([Ab], seen);
        Assert.Equal(SocketAction.CloseOutput(WebSocketCloseStatus.NormalClosure, ""), peer.ReceivedActions[0]);
        Assert.True(connection.Closed.IsCompletedSuccessfully, name);
    }

    [Fact]
    public async Task ReadAllAsync_WithOnUndecodable_RoutesAndGoesOn()
    {
        var (m, peer, connection) = Connect();
        var routed = new List<Message>();
        var ticks = connection.AsJson(TestJson.Default.Tick, new() { OnUndecodable = e => routed.Add(e.UndecodableMessage) });
        peer.Script("-a--x--c-|", new Dictionary<char, PeerAction> { ['a'] = PeerAction.Text(AbJson), ['x'] = PeerAction.Text("[]"), ['c'] = PeerAction.Text(CdJson) });

        var read = CollectAsync(ticks.ReadAllAsync());
        m.Run();

        Assert.Equal([Ab, Cd], await read);
        Assert.Equal([Message.FromText("[]")], routed);
    }

    [Fact]
    public void AsJson_NullTypeInfo_Throws_AndAnUndefinedMessageTypeIsRefused()
    {
        var (_, _, connection) = Connect();

        Assert.Throws<ArgumentNullException>("typeInfo", () => connection.AsJson((System.Text.Json.Serialization.Metadata.JsonTypeInfo<Tick>)null!));
        var e = Assert.Throws<ArgumentOutOfRangeException>("MessageType", () => new JsonMessageOptions { MessageType = (MessageType)2 });
        Assert.Contains("2 is not a MessageType value", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AsJson_Reflection_DecodesAndEncodesWithTheGivenOptions()
    {
        var (m, peer, connection) = Connect();
        var ticks = connection.AsJson<Tick>(new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web));
        peer.Script("-a-|", new Dictionary<char, PeerAction> { ['a'] = PeerAction.Text("""{"symbol":"AB","price":1.5}""") });
        m.Scheduler.ScheduleAbsolute(1 * TimeSpan.TicksPerMillisecond, () => ticks.Sink.OnNext(Cd));

        m.ExpectObservable(ticks).ToBe("-a-|", TickValues);
        m.Run();

        Assert.Equal(SocketAction.TextMessage("""{"symbol":"CD","price":20}"""), peer.ReceivedActions[0]);
    }

    private static PeerAction Peer(Message message) =>
        message.IsText ? PeerAction.Text(message.Text) : PeerAction.Binary(message.Data.Span);

    // ConfigureAwait(false): the virtual peer completes reads inside scheduler actions with no synchronization
    // context, so the loop goes on inline there, in virtual time, rather than on xunit's context.
    private static async Task<List<T>> CollectAsync<T>(IAsyncEnumerable<T> source)
    {
        var items = new List<T>();
        await ReadIntoAsync(source, items).ConfigureAwait(false);
        return items;
    }

    private static async Task ReadIntoAsync<T>(IAsyncEnumerable<T> source, List<T> items)
    {
        await foreach (var item in source.ConfigureAwait(false))
        {
            items.Add(item);
        }
    }
}
