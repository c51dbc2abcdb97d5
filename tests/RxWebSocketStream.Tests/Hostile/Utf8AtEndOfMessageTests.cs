using RxWebSocketStream.Testing;
using RxWebSocketStream.Tests.Server;

namespace RxWebSocketStream.Tests.Hostile;

/// <summary>
/// Found by the fuzzing peer (seed 6, case 2920): a text message whose last fragment is empty, after a
/// fragment that ended inside a UTF-8 sequence. RFC 6455 5.6 wants the whole message to be valid UTF-8, so
/// this must fail with 1007 like any other bad text (docs/behaviour.md ("Receiving")); the BCL checks the end of a message only
/// when its final frame carries bytes, and delivered "ok\uFFFD" instead.
/// </summary>
public sealed class Utf8AtEndOfMessageTests : IAsyncLifetime
{
    private readonly RawPeer _peer = RawPeer.Start();
    private readonly Recorder _recorder = new();
    private WebSocketConnection _ws = null!;
    private RawConnection _raw = null!;

    public async Task InitializeAsync()
    {
        _ws = WebSocketConnection.Connect(_peer.Url, new() { Scheduler = new TestScheduler() });
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

    [Theory]
    [InlineData(new byte[] { 0xE2, 0x82 })]
    [InlineData(new byte[] { 0xF0, 0x9F, 0x98 })]
    [InlineData(new byte[] { 0xC3 })]
    public async Task PeerText_SequenceLeftOpenByAnEmptyFinalFragment_Sends1007AndFails(byte[] unfinished)
    {
        await _raw.SendAsync(Opcode.Text, "good"u8.ToArray());
        await _raw.SendAsync(Opcode.Text, (byte[])[(byte)'o', (byte)'k', .. unfinished], fin: false);
        await _raw.SendAsync(Opcode.Continuation, ReadOnlyMemory<byte>.Empty, fin: true);

        // A peer close right behind it: a client that missed the fault answers this one with 1000.
        await _raw.SendCloseAsync(1000);

        var frame = await _raw.ReadCloseAsync().Within();
        _raw.Drop();
        Assert.Equal(1007, frame.CloseCode);
        var closed = await Assert.ThrowsAsync<WebSocketConnectionException>(() => _ws.Closed.Within());
        Assert.Same(closed, await _recorder.Error.Within());
        Assert.Equal(1006, closed.CloseCode);
        Assert.Equal(["good"], _recorder.Texts);
    }

    [Fact]
    public async Task PeerText_SequenceCompletedByTheFinalFragment_IsDelivered()
    {
        await _raw.SendAsync(Opcode.Text, (byte[])[(byte)'o', (byte)'k', 0xE2, 0x82], fin: false);
        await _raw.SendAsync(Opcode.Continuation, (byte[])[0xAC], fin: true);
        await _raw.SendAsync(Opcode.Text, "after"u8.ToArray(), fin: false);
        await _raw.SendAsync(Opcode.Continuation, ReadOnlyMemory<byte>.Empty, fin: true);

        await _recorder.WaitForMessagesAsync(2).Within();

        Assert.Equal(["ok€", "after"], _recorder.Texts);
    }
}
