using System.Net.WebSockets;
using RxWebSocketStream.Internal;
using RxWebSocketStream.Tests.Hostile;

namespace RxWebSocketStream.Tests.ExactClose;

/// <summary>
/// The stream filter under the library's own sockets, with the BCL's real socket above it and the bytes on the wire
/// below it: the one close frame it rewrites, the empty close frames it recognises (split across reads, and when a
/// masking key looks like a header), and a server's check of the client's first frame.
/// </summary>
public sealed class CloseFrameFilterStreamTests : IDisposable
{
    private readonly InMemoryDuplex _wire = new();

    public void Dispose() => _wire.Dispose();

    [Fact]
    public async Task Client_Armed_Close1000WithoutReason_GoesOutAsAnEmptyMaskedCloseFrame()
    {
        var (socket, filter) = Open(isServer: false);

        filter.ArmEmptyClose();
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);

        var bytes = _wire.TakeClientBytes();
        Assert.Equal(6, bytes.Length);
        Assert.Equal("8880", Convert.ToHexString(bytes, 0, 2));
    }

    [Fact]
    public async Task Server_Armed_Close1000WithoutReason_GoesOutAsAnEmptyCloseFrame()
    {
        var (socket, filter) = Open(isServer: true);

        filter.ArmEmptyClose();
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, string.Empty, CancellationToken.None);

        Assert.Equal("8800", Convert.ToHexString(_wire.TakeClientBytes()));
    }

    [Fact]
    public async Task NotArmed_Close1000WithoutReason_GoesOutUnchanged()
    {
        var (socket, _) = Open(isServer: true);

        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);

        Assert.Equal("880203E8", Convert.ToHexString(_wire.TakeClientBytes()));
    }

    [Fact]
    public async Task Armed_OtherFramesWrittenFirst_PassUnchangedAndTheCloseIsStillRewritten()
    {
        var (socket, filter) = Open(isServer: true);

        var receive = socket.ReceiveAsync(new byte[64], CancellationToken.None);

        filter.ArmEmptyClose();
        await socket.SendAsync(new byte[] { 0x88, 0x02, 0x03, 0xE8 }, WebSocketMessageType.Binary, true, CancellationToken.None);
        // A ping: the pending receive answers it with a pong, inline when the test thread has no context to post to.
        WithoutSynchronizationContext.Run(() =>
        {
            _wire.PeerWrite(Masked(0x9, [], [1, 2, 3, 4]));
            return 0;
        });
        Assert.False(receive.IsCompleted);
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);

        Assert.Equal("8204880203E8" + "8A00" + "8800", Convert.ToHexString(_wire.TakeClientBytes()));
    }

    [Theory]
    [InlineData(1000, "bye", "880503E8627965")]
    [InlineData(4000, "", "88020FA0")]
    public async Task Armed_ACloseWithAReasonOrAnotherCode_GoesOutUnchanged(int code, string reason, string wire)
    {
        var (socket, filter) = Open(isServer: true);

        filter.ArmEmptyClose();
        await socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, CancellationToken.None);

        Assert.Equal(wire, Convert.ToHexString(_wire.TakeClientBytes()));
    }

    [Theory]
    [InlineData("8800", true)]
    [InlineData("880203E8", false)]
    [InlineData("81026869" + "8800", true)]
    [InlineData("81026869" + "880203E8", false)]
    [InlineData("8202" + "8800" + "880203E8", false)] // a binary message "88 00" before the real 1000
    [InlineData("8204" + "880203E8" + "8800", true)] // a binary message that looks like a 1000 close, then an empty one
    public async Task Client_PeerClose_EmptyBodyToldApartFrom1000(string serverBytes, bool empty)
    {
        await AssertReceivedEmptyClose(isServer: false, Convert.FromHexString(serverBytes), empty, splitIntoSingleBytes: false);
    }

    [Theory]
    [InlineData("8800", true)]
    [InlineData("880203E8", false)]
    public async Task Client_PeerClose_SplitByteByByteAcrossReads_StillToldApart(string serverBytes, bool empty)
    {
        await AssertReceivedEmptyClose(isServer: false, Convert.FromHexString(serverBytes), empty, splitIntoSingleBytes: true);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Server_PeerClose_MaskedEmptyBody_IsEmpty(bool split)
    {
        await AssertReceivedEmptyClose(isServer: true, Masked(0x8, [], [0x11, 0x22, 0x33, 0x44]), empty: true, split);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Server_PeerClose_Masked1000_IsNotEmpty(bool split)
    {
        await AssertReceivedEmptyClose(isServer: true, Masked(0x8, [0x03, 0xE8], [0x11, 0x22, 0x33, 0x44]), empty: false, split);
    }

    [Fact]
    public async Task Server_PeerClose_1000WhoseKeyLooksLikeAnEmptyCloseHeader_IsNotEmpty()
    {
        // Key 88 80 ..: the frame's last 6 bytes read "88 80 33 44 8B 68", an empty close with key 33 44 8B 68.
        var frame = Masked(0x8, [0x03, 0xE8], [0x88, 0x80, 0x33, 0x44]);
        Assert.Equal("888288803344" + "8B68", Convert.ToHexString(frame));

        await AssertReceivedEmptyClose(isServer: true, frame, empty: false, splitIntoSingleBytes: false);
    }

    [Fact]
    public async Task Server_PeerClose_EmptyAfterAFrameEndingIn8882WithKeyEnding8B68_IsAmbiguousAndReportedAsTheSocketDoes()
    {
        // The same 8 bytes as above, now really a binary frame ending in 88 82 and then an empty close with the key
        // 33 44 8B 68. Sixteen bytes cannot tell the two apart, so the socket's own report (1000) stands: the
        // documented 1-in-65,536-keys limit (docs/behaviour.md, "Exact close frames").
        var bytes = Concat(MaskedRaw(0x2, [0x00, 0x88, 0x82], [0, 0, 0, 0]), Masked(0x8, [], [0x33, 0x44, 0x8B, 0x68]));

        await AssertReceivedEmptyClose(isServer: true, bytes, empty: false, splitIntoSingleBytes: false);
    }

    [Fact]
    public async Task Server_PeerClose_EmptyAfterAFrameEndingIn8882WithAnotherKey_IsEmpty()
    {
        var bytes = Concat(MaskedRaw(0x2, [0x00, 0x88, 0x82], [0, 0, 0, 0]), Masked(0x8, [], [0x33, 0x44, 0x55, 0x66]));

        await AssertReceivedEmptyClose(isServer: true, bytes, empty: true, splitIntoSingleBytes: false);
    }

    [Theory]
    [InlineData("8100", false)]
    [InlineData("880203E8", false)]
    [InlineData("8100", true)]
    [InlineData("8105" + "68656C6C6F", true)] // its 6th byte comes in a later read: the check has decided by then
    public async Task Server_FirstFrameUnmaskedAndShorterThanAMaskedHeader_FailsTheReceiveAtOnce(string clientBytes, bool split)
    {
        var (socket, _) = Open(isServer: true);
        var receive = socket.ReceiveAsync(new byte[64], CancellationToken.None);

        Write(Convert.FromHexString(clientBytes), split);

        var error = await Assert.ThrowsAsync<WebSocketException>(() => receive.Within());
        Assert.Contains("unmasked frame shorter than a masked frame header", error.Message, StringComparison.Ordinal);
        Assert.Equal(WebSocketState.Aborted, socket.State);
        Assert.Empty(_wire.TakeClientBytes());
    }

    [Fact]
    public async Task Server_FirstFrameUnmaskedAnd6BytesOrMore_IsLeftToTheBcl_WhichAnswers1002()
    {
        var (socket, _) = Open(isServer: true);
        var receive = socket.ReceiveAsync(new byte[64], CancellationToken.None);

        _wire.PeerWrite(Convert.FromHexString("810568656C6C6F"));

        var error = await Assert.ThrowsAsync<WebSocketException>(() => receive.Within());
        Assert.Contains("unmasked frame", error.Message, StringComparison.Ordinal);
        Assert.Equal("880203EA", Convert.ToHexString(_wire.TakeClientBytes()));
    }

    [Fact]
    public async Task Server_ShortUnmaskedFrameAfterAMaskedOne_WaitsForSixBytes_ThenTheBclAnswers1002()
    {
        // The documented limit (docs/server.md, "Known limits"): only the first frame is looked at, so a later short
        // unmasked frame waits until 6 bytes have arrived, as the BCL alone does.
        var (socket, _) = Open(isServer: true);
        var buffer = new byte[64];
        var first = socket.ReceiveAsync(buffer, CancellationToken.None);
        _wire.PeerWrite(Masked(0x1, "hi"u8.ToArray(), [9, 8, 7, 6]));
        await first.Within();

        var second = socket.ReceiveAsync(buffer, CancellationToken.None);
        WithoutSynchronizationContext.Run(() =>
        {
            _wire.PeerWrite(Convert.FromHexString("8100"));
            return 0;
        });
        Assert.False(second.IsCompleted, "Two bytes of a frame: the BCL waits for a mask key.");
        _wire.PeerWrite(Convert.FromHexString("81000000"));

        var error = await Assert.ThrowsAsync<WebSocketException>(() => second.Within());
        Assert.Contains("unmasked frame", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_FirstFrameMasked_IsReceived()
    {
        var (socket, _) = Open(isServer: true);
        var receive = socket.ReceiveAsync(new byte[64], CancellationToken.None);

        Write(Masked(0x1, "hi"u8.ToArray(), [9, 8, 7, 6]), split: true);

        var result = await receive.Within();
        Assert.Equal((WebSocketMessageType.Text, 2, true), (result.MessageType, result.Count, result.EndOfMessage));
    }

    private async Task AssertReceivedEmptyClose(bool isServer, byte[] peerBytes, bool empty, bool splitIntoSingleBytes)
    {
        var (socket, filter) = Open(isServer);
        var receive = ReceiveUntilCloseAsync(socket);

        Write(peerBytes, splitIntoSingleBytes);
        await receive.Within();

        // An empty body and a real 1000 look the same to the BCL: only the filter tells them apart.
        Assert.Equal((WebSocketCloseStatus.NormalClosure, ""), (socket.CloseStatus, socket.CloseStatusDescription));
        Assert.Equal(empty, filter.ReceivedEmptyClose);
    }

    private static async Task ReceiveUntilCloseAsync(WebSocket socket)
    {
        var buffer = new byte[64];
        while ((await socket.ReceiveAsync(buffer, CancellationToken.None)).MessageType != WebSocketMessageType.Close)
        {
        }
    }

    private void Write(byte[] bytes, bool split)
    {
        if (!split)
        {
            _wire.PeerWrite(bytes);
            return;
        }

        // One read per byte: with no context to post to, the socket takes each byte before the next is written.
        WithoutSynchronizationContext.Run(() =>
        {
            foreach (var b in bytes)
            {
                _wire.PeerWrite([b]);
            }

            return 0;
        });
    }

    private (WebSocket Socket, CloseFrameFilterStream Filter) Open(bool isServer)
    {
        var filter = new CloseFrameFilterStream(_wire.ClientStream, isServer);
        var socket = WebSocket.CreateFromStream(filter, new WebSocketCreationOptions { IsServer = isServer, KeepAliveInterval = TimeSpan.Zero });
        return (socket, filter);
    }

    /// <summary>A client frame (FIN set) with <paramref name="payload"/> masked by <paramref name="key"/>.</summary>
    private static byte[] Masked(byte opcode, byte[] payload, byte[] key) =>
        MaskedRaw(opcode, payload.Select((b, i) => (byte)(b ^ key[i % 4])).ToArray(), key);

    /// <summary>A client frame (FIN set) whose payload bytes on the wire are exactly <paramref name="maskedPayload"/>.</summary>
    private static byte[] MaskedRaw(byte opcode, byte[] maskedPayload, byte[] key) =>
        [(byte)(0x80 | opcode), (byte)(0x80 | maskedPayload.Length), .. key, .. maskedPayload];

    private static byte[] Concat(byte[] first, byte[] second) => [.. first, .. second];
}
