using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using RxWebSocketStream.Testing;

namespace RxWebSocketStream.Tests.Json;

/// <summary><c>Message.FromJson</c> and <c>message.ReadJson</c>: a value to a message and back (docs/typed-messages.md).</summary>
public sealed class JsonMessageTests
{
    private static readonly Tick Ab = new("AB", 1.5m);
    private const string AbJson = """{"Symbol":"AB","Price":1.5}""";

    [Fact]
    public void FromJson_MakesATextMessageOfTheJson_ThatReadsBackAsTheValue()
    {
        var message = Message.FromJson(Ab, TestJson.Default.Tick);

        Assert.True(message.IsText);
        Assert.Equal(AbJson, message.Text);
        Assert.Equal(Ab, message.ReadJson(TestJson.Default.Tick));
    }

    [Fact]
    public void FromJson_Binary_MakesABinaryMessageOfTheUtf8Json()
    {
        var message = Message.FromJson(Ab, TestJson.Default.Tick, MessageType.Binary);

        Assert.Equal(MessageType.Binary, message.Type);
        Assert.Equal(Encoding.UTF8.GetBytes(AbJson), message.Data.ToArray());
        Assert.Equal(Ab, message.ReadJson(TestJson.Default.Tick));
    }

    [Fact]
    public void ReadJson_ReadsTextFromBytesAndFromAString_AndBinary()
    {
        Assert.Equal(Ab, Message.FromUtf8Text(Encoding.UTF8.GetBytes(AbJson)).ReadJson(TestJson.Default.Tick));
        Assert.Equal(Ab, Message.FromText(AbJson).ReadJson(TestJson.Default.Tick));
        Assert.Equal(Ab, Message.FromBinary(Encoding.UTF8.GetBytes(AbJson)).ReadJson(TestJson.Default.Tick));
    }

    [Fact]
    public void ReadJson_NonAsciiText_FromStringAndFromBytes_GiveTheSameValue()
    {
        var tick = new Tick("tické€😀", 2m);
        var json = Message.FromJson(tick, TestJson.Default.Tick).Text;

        Assert.Equal(tick, Message.FromText(json).ReadJson(TestJson.Default.Tick));
        Assert.Equal(tick, Message.FromUtf8Text(Encoding.UTF8.GetBytes(json)).ReadJson(TestJson.Default.Tick));
    }

    [Fact]
    public void ReadJson_Garbage_ThrowsNamingTypeKindLengthAndStart()
    {
        var message = Message.FromText("not json at all");

        var e = Assert.Throws<UndecodableMessageException>(() => message.ReadJson(TestJson.Default.Tick));

        Assert.Equal(typeof(Tick), e.TargetType);
        Assert.Equal(message, e.UndecodableMessage);
        Assert.IsAssignableFrom<JsonException>(e.InnerException);
        Assert.StartsWith("A text message of 15 bytes could not be read as Tick: ", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("The message: text \"not json at all\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadJson_TruncatedJson_Throws()
    {
        var message = Message.FromUtf8Text("""{"Symbol":"AB","Pri"""u8.ToArray());

        var e = Assert.Throws<UndecodableMessageException>(() => message.ReadJson(TestJson.Default.Tick));

        Assert.StartsWith("A text message of 19 bytes could not be read as Tick: ", e.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<JsonException>(e.InnerException);
    }

    [Theory]
    [InlineData("[1,2,3]")]
    [InlineData("""{"Symbol":5,"Price":1}""")]
    [InlineData("""{"Symbol":"AB","Price":"high"}""")]
    [InlineData("\"AB\"")]
    public void ReadJson_JsonOfTheWrongShape_Throws(string json)
    {
        var e = Assert.Throws<UndecodableMessageException>(() => Message.FromText(json).ReadJson(TestJson.Default.Tick));

        Assert.Equal(typeof(Tick), e.TargetType);
        Assert.IsAssignableFrom<JsonException>(e.InnerException);
    }

    [Fact]
    public void ReadJson_TwoValuesInOneMessage_Throws()
    {
        Assert.Throws<UndecodableMessageException>(() => Message.FromText(AbJson + " " + AbJson).ReadJson(TestJson.Default.Tick));
    }

    [Fact]
    public void ReadJson_NullForAReferenceType_Throws_ButANullableValueTypeTakesIt()
    {
        var e = Assert.Throws<UndecodableMessageException>(() => Message.FromText("null").ReadJson(TestJson.Default.Tick));

        Assert.Contains("could not be read as Tick: the JSON is null.", e.Message, StringComparison.Ordinal);
        Assert.Null(e.InnerException);
        Assert.Null(Message.FromText("null").ReadJson(TestJson.Default.NullableInt32));
    }

    [Fact]
    public void ReadJson_BinaryGarbage_ShowsItsBytesInHex()
    {
        var e = Assert.Throws<UndecodableMessageException>(() => Message.FromBinary([0xCA, 0xFE]).ReadJson(TestJson.Default.Tick));

        Assert.StartsWith("A binary message of 2 bytes could not be read as Tick: ", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("The message: binary[2] CA FE", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadJson_LongMessage_TellsItsWholeLengthButShowsOnlyItsStart()
    {
        var json = "[" + string.Join(',', Enumerable.Repeat("1", 500)) + "]";

        var e = Assert.Throws<UndecodableMessageException>(() => Message.FromText(json).ReadJson(TestJson.Default.Tick));

        Assert.StartsWith("A text message of 1001 bytes could not be read as Tick", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("The message: text[1001] \"[" + string.Join(',', Enumerable.Repeat("1", 32)) + "…\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromJson_UndefinedMessageType_ThrowsNamingIt()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>("type", () => Message.FromJson(Ab, TestJson.Default.Tick, (MessageType)7));

        Assert.Contains("7 is not a MessageType value", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NullTypeInfo_Throws()
    {
        Assert.Throws<ArgumentNullException>("typeInfo", () => Message.FromJson(Ab, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<Tick>)null!));
        Assert.Throws<ArgumentNullException>("typeInfo", () => Message.FromText("1").ReadJson((System.Text.Json.Serialization.Metadata.JsonTypeInfo<Tick>)null!));
    }

    [Fact]
    public void ReflectionOverloads_DefaultOptions_RoundTrip()
    {
        var message = Message.FromJson(Ab);

        Assert.Equal(AbJson, message.Text);
        Assert.Equal(Ab, message.ReadJson<Tick>());
        Assert.Throws<UndecodableMessageException>(() => Message.FromText("{").ReadJson<Tick>());
    }

    [Fact]
    public void ReflectionOverloads_GivenOptions_AreUsedBothWays()
    {
        var camel = new JsonSerializerOptions(JsonSerializerDefaults.Web);

        var message = Message.FromJson(Ab, camel, MessageType.Binary);

        Assert.Equal(MessageType.Binary, message.Type);
        Assert.Equal("""{"symbol":"AB","price":1.5}""", Encoding.UTF8.GetString(message.Data.Span));
        Assert.Equal(Ab, message.ReadJson<Tick>(camel));
    }

    [Fact]
    public void FromJson_TextMessage_ReachesTheWireAsItsJson()
    {
        var scheduler = new TestScheduler();
        var peer = new VirtualPeer(scheduler);
        using var ws = WebSocketConnection.Create(peer.Socket, new() { Scheduler = scheduler });

        var sent = ws.SendAsync(Message.FromJson(Ab, TestJson.Default.Tick));
        scheduler.AdvanceBy(1);

        Assert.True(sent.IsCompletedSuccessfully);
        Assert.Equal(SocketAction.TextMessage(AbJson), peer.ReceivedActions[0]);
    }

    [Fact]
    public void Utf8TextThatIsNotValidUtf8_IsStillSentAsValidText()
    {
        // Text held as bytes goes out as it is only when it is valid UTF-8 (FromUtf8Text does not validate); otherwise it
        // is decoded (bad bytes become U+FFFD) and encoded, as before, so the peer never sees invalid text (1007).
        var scheduler = new TestScheduler();
        var peer = new VirtualPeer(scheduler);
        using var ws = WebSocketConnection.Create(peer.Socket, new() { Scheduler = scheduler });

        var sent = ws.SendAsync(Message.FromUtf8Text(new byte[] { (byte)'a', 0xFF, (byte)'b' }));
        scheduler.AdvanceBy(1);

        Assert.True(sent.IsCompletedSuccessfully);
        Assert.Equal(SocketAction.TextMessage("a\uFFFDb"), peer.ReceivedActions[0]);
    }
}
