using System.Text;
using RxWebSocketStream.Tests.Server;

namespace RxWebSocketStream.Tests;

/// <summary>
/// docs/behaviour.md ("Receiving"), the receive-side RFC 6455 rules, against a peer on raw TCP that writes frames by hand.
/// Each test checks both what our side put on the wire (read back and unmasked) and what the API reported.
/// </summary>
public sealed class HostilePeerTests : IAsyncLifetime
{
    private readonly RawPeer _peer = RawPeer.Start();
    private readonly Recorder _recorder = new();
    private WebSocketConnection _ws = null!;
    private RawConnection _raw = null!;

    public async Task InitializeAsync() => (_ws, _raw) = await ConnectAsync(new WebSocketConnectionOptions());

    public async Task DisposeAsync()
    {
        _ws.Dispose();
        _raw.Dispose();
        await _peer.DisposeAsync();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(999)]
    [InlineData(1004)]
    [InlineData(1005)]
    [InlineData(1006)]
    [InlineData(1015)]
    [InlineData(1016)]
    [InlineData(1100)]
    [InlineData(2000)]
    [InlineData(2999)]
    [InlineData(5000)]
    [InlineData(65535)]
    public async Task PeerClose_InvalidCode_Sends1002AndReportsUncleanClose(int code)
    {
        await _raw.SendAsync(Opcode.Close, Frames.CloseBody(code, "bad"));

        await AssertFailedWithAsync(wireCode: 1002);
    }

    [Fact]
    public async Task PeerClose_OneByteBody_Sends1002AndReportsUncleanClose()
    {
        await _raw.SendAsync(Opcode.Close, new byte[] { 0x03 });

        await AssertFailedWithAsync(wireCode: 1002);
    }

    [Fact]
    public async Task PeerClose_PayloadOf126Bytes_Sends1002AndReportsUncleanClose()
    {
        await _raw.SendAsync(Opcode.Close, Frames.CloseBody(1000, new string('a', 124)));

        await AssertFailedWithAsync(wireCode: 1002);
    }

    [Fact]
    public async Task PeerClose_ReasonNotUtf8_SendsAnErrorCloseAndReportsUncleanClose()
    {
        await _raw.SendAsync(Opcode.Close, Frames.CloseBody(1000, new byte[] { 0xFF, 0xFE }));

        // docs/behaviour.md ("Receiving") names 1007 for bad UTF-8 data; the BCL treats a bad close reason as a protocol error.
        await AssertFailedWithAsync(wireCode: 1002);
    }

    [Fact]
    public async Task PeerText_NotUtf8_Sends1007AndReportsUncleanClose()
    {
        await _raw.SendAsync(Opcode.Text, new byte[] { (byte)'o', (byte)'k', 0xC3, 0x28 });

        await AssertFailedWithAsync(wireCode: 1007);
    }

    [Fact]
    public async Task PeerText_NotUtf8AfterAGoodMessage_DeliversTheGoodOneFirst()
    {
        await _raw.SendTextAsync("good");
        await _raw.SendAsync(Opcode.Text, new byte[] { 0xFF });

        await AssertFailedWithAsync(wireCode: 1007);
        Assert.Equal(["good"], _recorder.Texts);
    }

    [Fact]
    public async Task PeerClose_EmptyBody_IsAnsweredWithAnEmptyBodyAndReportedAs1005()
    {
        await _raw.SendAsync(Opcode.Close, ReadOnlyMemory<byte>.Empty);

        var answer = await _raw.ReadCloseAsync().Within();
        _raw.Drop();
        var closed = await _ws.Closed.Within();
        await _recorder.Completed.Within();

        Assert.Equal(new WebSocketCloseInfo(1005, ""), closed);
        Assert.Equal((true, ""), (answer.Masked, Convert.ToHexString(answer.Payload)));
    }

    [Fact]
    public async Task PeerClose_EmptyBodyInTwoTcpWrites_IsStillReportedAs1005()
    {
        // The close frame's first byte comes with a message and its second only once the message was delivered, so
        // the two arrive in separate reads: the filter keeps the tail of the stream, not of one read (the in-memory
        // CloseFrameFilterStreamTests split every byte).
        await _raw.WriteBytesAsync([.. Frames.Encode(Opcode.Text, "before"u8), 0x88]);
        await _recorder.WaitForMessagesAsync(1).Within();
        await _raw.WriteBytesAsync([0x00]);

        var answer = await _raw.ReadCloseAsync().Within();
        _raw.Drop();

        Assert.Equal(new WebSocketCloseInfo(1005, ""), await _ws.Closed.Within());
        Assert.Empty(answer.Payload);
    }

    [Fact]
    public async Task PeerClose_1000WithoutReason_IsAnsweredAndReportedAs1000()
    {
        await _raw.SendCloseAsync(1000);

        var answer = await _raw.ReadCloseAsync().Within();
        _raw.Drop();

        Assert.Equal(new WebSocketCloseInfo(1000, ""), await _ws.Closed.Within());
        Assert.Equal("03E8", Convert.ToHexString(answer.Payload));
    }

    [Fact]
    public async Task PeerClose_ValidCodeAndReason_IsEchoedAndCompletesCleanly()
    {
        await _raw.SendTextAsync("before");
        await _raw.SendCloseAsync(4000, "robot");

        var answer = await _raw.ReadCloseAsync().Within();
        _raw.Drop();
        var closed = await _ws.Closed.Within();
        await _recorder.Completed.Within();

        Assert.True(answer.Masked);
        Assert.Equal((4000, "robot"), (answer.CloseCode, answer.CloseReason));
        Assert.Equal(new WebSocketCloseInfo(4000, "robot"), closed);
        Assert.Equal(["before"], _recorder.Texts);
    }

    [Theory]
    [InlineData(1001)]
    [InlineData(1002)]
    [InlineData(1011)]
    [InlineData(1014)]
    [InlineData(3000)]
    [InlineData(4999)]
    public async Task PeerClose_ValidProtocolOrApplicationCode_IsReportedAsIs(int code)
    {
        await _raw.SendCloseAsync(code, "why");

        var answer = await _raw.ReadCloseAsync().Within();
        _raw.Drop();
        var closed = await _ws.Closed.Within();

        Assert.Equal((code, "why"), (answer.CloseCode, answer.CloseReason));
        Assert.Equal(new WebSocketCloseInfo(code, "why"), closed);
    }

    private async Task AssertFailedWithAsync(int wireCode)
    {
        var frame = await _raw.ReadCloseAsync().Within();
        Assert.True(frame.Masked, "A client's frames are masked.");
        Assert.Equal(wireCode, frame.CloseCode);

        // A server closes TCP after a close frame; the BCL client otherwise waits a second for it.
        _raw.Drop();

        var error = await _recorder.Error.Within();
        var closed = await Assert.ThrowsAsync<WebSocketConnectionException>(() => _ws.Closed.Within());
        Assert.Same(closed, error);
        Assert.Equal(1006, closed.CloseCode);
        Assert.Equal(1, _recorder.TerminalCalls);
        Assert.True(_ws.Opened.IsCompletedSuccessfully);
    }

    private async Task<(WebSocketConnection Ws, RawConnection Raw)> ConnectAsync(WebSocketConnectionOptions options)
    {
        var ws = WebSocketConnection.Connect(_peer.Url, options);
        var raw = await _peer.AcceptAsync().Within();
        await ws.Opened.Within();
        ws.Subscribe(_recorder);
        return (ws, raw);
    }
}

/// <summary>docs/behaviour.md ("Receiving") MaxMessageSize against a raw peer: 1009 on the wire, a 1009 error to subscribers.</summary>
public sealed class HostilePeerMessageSizeTests : IAsyncLifetime
{
    private const int Limit = 1000;
    private readonly RawPeer _peer = RawPeer.Start();
    private readonly Recorder _recorder = new();
    private WebSocketConnection _ws = null!;
    private RawConnection _raw = null!;

    public async Task InitializeAsync()
    {
        _ws = WebSocketConnection.Connect(_peer.Url, new() { MaxMessageSize = Limit });
        _raw = await _peer.AcceptAsync().Within();
        await _ws.Opened.Within();
        _ws.Subscribe(_recorder);
    }

    public async Task DisposeAsync()
    {
        _ws.Dispose();
        _raw.Dispose();
        await _peer.DisposeAsync();
    }

    [Fact]
    public async Task PeerMessage_ExactlyTheLimit_IsDelivered()
    {
        await _raw.SendAsync(Opcode.Binary, new byte[Limit]);
        await _raw.SendTextAsync(new string('x', Limit));

        await _recorder.WaitForMessagesAsync(2).Within();

        Assert.Equal(Limit, _recorder.Messages[0].Data.Length);
        Assert.Equal(Limit, _recorder.Messages[1].Text.Length);
    }

    [Fact]
    public async Task PeerMessage_OverTheLimitInOneFrame_Sends1009AndFailsWith1009()
    {
        await _raw.SendTextAsync("small");
        await _raw.SendAsync(Opcode.Binary, new byte[Limit + 1]);

        await AssertTooBigAsync();
        Assert.Equal(["small"], _recorder.Texts);
    }

    [Fact]
    public async Task PeerMessage_OverTheLimitInManySmallFragments_Sends1009AndFailsWith1009()
    {
        var fragment = Encoding.UTF8.GetBytes(new string('f', 16));
        await _raw.SendAsync(Opcode.Text, fragment, fin: false);
        for (var i = 1; i < 99; i++)
        {
            await _raw.SendAsync(Opcode.Continuation, fragment, fin: false);
        }

        await _raw.SendAsync(Opcode.Continuation, fragment, fin: true);

        await AssertTooBigAsync();
        Assert.Empty(_recorder.Messages);
    }

    [Fact]
    public async Task PeerMessage_OverTheLimitAndPeerNeverAnswers_StillReports1009()
    {
        var scheduler = new RxWebSocketStream.Testing.TestScheduler();
        await using var peer = RawPeer.Start();
        var recorder = new Recorder();
        var ws = WebSocketConnection.Connect(peer.Url, new() { MaxMessageSize = Limit, Scheduler = scheduler });
        using var raw = await peer.AcceptAsync().Within();
        await ws.Opened.Within();
        ws.Subscribe(recorder);

        await raw.SendAsync(Opcode.Binary, new byte[Limit + 1]);
        var frame = await raw.ReadCloseAsync().Within();
        scheduler.AdvanceBy(WebSocketConnectionOptions.DefaultCloseTimeout.Ticks);

        Assert.Equal(1009, frame.CloseCode);
        var closed = await Assert.ThrowsAsync<WebSocketConnectionException>(() => ws.Closed.Within());
        Assert.Equal(1009, closed.CloseCode);
        Assert.Same(closed, await recorder.Error.Within());
        Assert.True(await raw.ReadEndAsync().Within());
    }

    private async Task AssertTooBigAsync()
    {
        var frame = await _raw.ReadCloseAsync().Within();
        Assert.Equal(1009, frame.CloseCode);
        await _raw.SendAsync(Opcode.Close, frame.Payload);
        _raw.Drop();

        var error = await _recorder.Error.Within();
        var closed = await Assert.ThrowsAsync<WebSocketConnectionException>(() => _ws.Closed.Within());
        Assert.Same(closed, error);
        Assert.Equal(1009, closed.CloseCode);
    }
}
