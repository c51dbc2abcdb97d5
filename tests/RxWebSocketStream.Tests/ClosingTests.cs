using System.Net.WebSockets;
using RxWebSocketStream.Testing;
using RxWebSocketStream.Tests.Server;

namespace RxWebSocketStream.Tests;

/// <summary>docs/behaviour.md ("Closing") against a real Kestrel server whose log says which close frame reached the wire.</summary>
public sealed class ClosingTests(TestServer server) : IClassFixture<TestServer>
{
    [Fact]
    public async Task Close_CodeAndReason_GoesOnTheWireAndClosedReportsTheEcho()
    {
        var id = NewId();
        var (ws, recorder) = await OpenAsync("echo", id);

        ws.Close(new WebSocketCloseInfo(4000, "bye"));

        Assert.Equal((4000, "bye"), await server.Log(id).CloseReceived.Within());
        Assert.Equal(new WebSocketCloseInfo(4000, "bye"), await ws.Closed.Within());
        await recorder.Completed.Within();
    }

    [Fact]
    public async Task Close_ReasonWithoutCode_Sends1000WithTheReason()
    {
        var id = NewId();
        var (ws, _) = await OpenAsync("echo", id);

        ws.Close(new WebSocketCloseInfo(reason: "only a reason"));

        Assert.Equal((1000, "only a reason"), await server.Log(id).CloseReceived.Within());
        Assert.Equal(new WebSocketCloseInfo(1000, "only a reason"), await ws.Closed.Within());
    }

    [Fact]
    public async Task Close_NoCodeNoReason_SendsAnEmptyCloseFrameAndTheEmptyAnswerIs1005()
    {
        // The browser's close(): a close frame with an empty body (the raw peer reads the exact frame), and the
        // peer's empty answer is reported as 1005, "no status".
        await using var peer = RawPeer.Start();
        var ws = WebSocketConnection.Connect(peer.Url);
        using var raw = await peer.AcceptAsync().Within();
        await ws.Opened.Within();

        ws.Close();

        var frame = await raw.ReadCloseAsync().Within();
        Assert.Equal((true, true, ""), (frame.Fin, frame.Masked, Convert.ToHexString(frame.Payload)));
        await raw.SendAsync(Opcode.Close, ReadOnlyMemory<byte>.Empty);
        raw.Drop();
        Assert.Equal(new WebSocketCloseInfo(1005, ""), await ws.Closed.Within());
    }

    [Fact]
    public async Task Close_NoCodeNoReason_OnAUsersOwnSocket_Sends1000WithEmptyReason()
    {
        // A socket the library did not make has no filter under it: the BCL cannot send an empty body (it would
        // write 1005), so the library sends 1000 with an empty reason, and reports the empty answer as the BCL does.
        await using var peer = RawPeer.Start();
        var client = new ClientWebSocket();
        var connecting = client.ConnectAsync(peer.Url, CancellationToken.None);
        using var raw = await peer.AcceptAsync().Within();
        await connecting.Within();
        var ws = WebSocketConnection.Create(client);

        ws.Close();

        var frame = await raw.ReadCloseAsync().Within();
        Assert.Equal("03E8", Convert.ToHexString(frame.Payload));
        await raw.SendAsync(Opcode.Close, ReadOnlyMemory<byte>.Empty);
        raw.Drop();
        Assert.Equal(new WebSocketCloseInfo(1000, ""), await ws.Closed.Within());
    }

    [Fact]
    public async Task Close_NoCodeNoReason_OnASocketFactorySocket_Sends1000WithEmptyReason()
    {
        await using var peer = RawPeer.Start();
        var ws = WebSocketConnection.Connect(peer.Url, new WebSocketConnectionOptions
        {
            SocketFactory = static async (url, _, ct) =>
            {
                var client = new ClientWebSocket();
                await client.ConnectAsync(url, ct);
                return client;
            },
        });
        using var raw = await peer.AcceptAsync().Within();
        await ws.Opened.Within();

        ws.Close();

        Assert.Equal("03E8", Convert.ToHexString((await raw.ReadCloseAsync().Within()).Payload));
        await raw.SendAsync(Opcode.Close, ReadOnlyMemory<byte>.Empty);
        raw.Drop();
        Assert.Equal(new WebSocketCloseInfo(1000, ""), await ws.Closed.Within());
    }

    [Fact]
    public async Task Close_CalledTwice_TheFirstCodeWins()
    {
        var id = NewId();
        var (ws, _) = await OpenAsync("close-held", id);

        ws.Close(new WebSocketCloseInfo(4000, "first"));
        ws.Close(new WebSocketCloseInfo(4001, "second"));
        Assert.Equal((4000, "first"), await server.Log(id).CloseReceived.Within());
        ws.Close(new WebSocketCloseInfo(4002, "third"));
        server.Log(id).Release();

        Assert.Equal(new WebSocketCloseInfo(4000, "first"), await ws.Closed.Within());
        ws.Close(new WebSocketCloseInfo(4003, "after the end"));
        Assert.Equal(new WebSocketCloseInfo(4000, "first"), await ws.Closed.Within());
    }

    [Fact]
    public async Task Close_InvalidArguments_ThrowAndLeaveTheConnectionOpenAndUsable()
    {
        var id = NewId();
        var (ws, recorder) = await OpenAsync("echo", id);

        Assert.Throws<ArgumentOutOfRangeException>(() => ws.Close(new WebSocketCloseInfo(1001)));
        Assert.Throws<ArgumentOutOfRangeException>(() => ws.Close(new WebSocketCloseInfo(2999, "x")));
        Assert.Throws<ArgumentException>(() => ws.Close(new WebSocketCloseInfo(4000, new string('r', 124))));
        Assert.Throws<ArgumentOutOfRangeException>(() => ws.Close(new WebSocketCloseInfo(1006, new string('r', 124))));

        await ws.SendAsync(Message.FromText("still open")).Within();
        await recorder.WaitForMessagesAsync(1).Within();
        ws.Close(new WebSocketCloseInfo(4000, new string('r', 123)));

        Assert.Equal((4000, new string('r', 123)), await server.Log(id).CloseReceived.Within());
        Assert.Equal(4000, (await ws.Closed.Within()).Code);
        Assert.Equal(["still open"], recorder.Texts);
    }

    [Fact]
    public async Task Close_InvalidWhileClosing_StillThrows()
    {
        var id = NewId();
        var (ws, _) = await OpenAsync("close-held", id);
        ws.Close(new WebSocketCloseInfo(4000));
        await server.Log(id).CloseReceived.Within();

        Assert.Throws<ArgumentOutOfRangeException>(() => ws.Close(new WebSocketCloseInfo(999)));

        server.Log(id).Release();
        Assert.Equal(4000, (await ws.Closed.Within()).Code);
    }

    [Fact]
    public async Task Close_QueuedMessages_AreFlushedBeforeTheCloseFrame()
    {
        var id = NewId();
        var (ws, _) = await OpenAsync("echo", id);

        for (var i = 0; i < 200; i++)
        {
            ws.Sink.OnNext(Message.FromText($"m{i}"));
        }

        ws.Close(new WebSocketCloseInfo(4000));

        Assert.Equal(4000, (await server.Log(id).CloseReceived.Within()).Code);
        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"m{i}"), server.Log(id).Received.Select(m => m.Text));
        Assert.Equal(0, (await ws.Closed.Within()).UnsentMessageCount);
    }

    [Fact]
    public async Task PeerClose_CodeAndReason_AnsweredWithTheSameCodeAndReason()
    {
        var id = NewId();
        var ws = WebSocketConnection.Connect(server.Url("remote-close?send=a,b&code=4001&reason=server%20done", id));
        var recorder = new Recorder();
        ws.Subscribe(recorder);

        Assert.Equal(new WebSocketCloseInfo(4001, "server done"), await ws.Closed.Within());
        var payload = await server.Log(id).ClosePayload.Within();
        Assert.Equal(Frames.CloseBody(4001, "server done"), payload);
        await recorder.Completed.Within();
        Assert.Equal(["a", "b"], recorder.Texts);
    }

    [Fact]
    public async Task PeerClose_EmptyBody_ReportedAs1005AndAnsweredWithAnEmptyBody()
    {
        var id = NewId();
        var ws = WebSocketConnection.Connect(server.Url("remote-close", id));
        ws.Subscribe(new Recorder());

        var closed = await ws.Closed.Within();

        Assert.Equal(new WebSocketCloseInfo(1005, ""), closed);
        Assert.Equal("", Convert.ToHexString(await server.Log(id).ClosePayload.Within()));
    }

    [Fact]
    public async Task PeerClose_1000WithoutReason_ReportedAs1000AndAnsweredWith1000()
    {
        var id = NewId();
        var ws = WebSocketConnection.Connect(server.Url("remote-close?code=1000", id));
        ws.Subscribe(new Recorder());

        Assert.Equal(new WebSocketCloseInfo(1000, ""), await ws.Closed.Within());
        Assert.Equal("03E8", Convert.ToHexString(await server.Log(id).ClosePayload.Within()));
    }

    [Fact]
    public async Task Close_NeverSubscribed_StillReadsThePeersAnswer()
    {
        var id = NewId();
        var ws = WebSocketConnection.Connect(server.Url("close-held", id));
        await ws.Opened.Within();

        ws.Close(new WebSocketCloseInfo(4000, "unsubscribed"));
        await server.Log(id).CloseReceived.Within();
        server.Log(id).Release();

        Assert.Equal(new WebSocketCloseInfo(4000, "unsubscribed"), await ws.Closed.Within());
    }

    [Fact]
    public async Task Close_PeerAnswersWhenReleased_ClosedWaitsForTheAnswer()
    {
        var id = NewId();
        var (ws, recorder) = await OpenAsync("close-held", id);

        ws.Close(new WebSocketCloseInfo(4000, "wait"));
        await server.Log(id).CloseReceived.Within();
        Assert.False(ws.Closed.IsCompleted, "The peer has not answered yet.");
        Assert.False(recorder.Completed.IsCompleted);

        server.Log(id).Release();

        Assert.Equal(new WebSocketCloseInfo(4000, "wait"), await ws.Closed.Within());
        await recorder.Completed.Within();
    }

    [Fact]
    public async Task Close_PeerNeverAnswers_UncleanWith1006AfterCloseTimeoutInVirtualTime()
    {
        var id = NewId();
        var scheduler = new TestScheduler();
        var timeout = TimeSpan.FromSeconds(3);
        var ws = WebSocketConnection.Connect(server.Url("close-held", id), new() { Scheduler = scheduler, CloseTimeout = timeout });
        var recorder = new Recorder();
        ws.Subscribe(recorder);
        await ws.Opened.Within();

        ws.Close(new WebSocketCloseInfo(4000));
        await server.Log(id).CloseReceived.Within();
        scheduler.AdvanceBy(timeout.Ticks - 1);
        Assert.False(ws.Closed.IsCompleted, "The close timeout has not elapsed in virtual time.");

        scheduler.AdvanceBy(1);

        var closed = await Assert.ThrowsAsync<WebSocketConnectionException>(() => ws.Closed.Within());
        Assert.Equal(1006, closed.CloseCode);
        Assert.Same(closed, await recorder.Error.Within());
        await server.Log(id).Ended.Within();
    }

    [Fact]
    public async Task Close_PeerDropsTcpOnOurClose_UncleanWith1006()
    {
        var id = NewId();
        var (ws, recorder) = await OpenAsync("close-drop", id);

        ws.Close(new WebSocketCloseInfo(4000, "bye"));

        Assert.Equal((4000, "bye"), await server.Log(id).CloseReceived.Within());
        var closed = await Assert.ThrowsAsync<WebSocketConnectionException>(() => ws.Closed.Within());
        Assert.Equal(1006, closed.CloseCode);
        Assert.Same(closed, await recorder.Error.Within());
    }

    [Fact]
    public async Task DisposeAsync_Open_ClosesGracefullyWith1000AndWaitsForTheEnd()
    {
        var id = NewId();
        var (ws, recorder) = await OpenAsync("echo", id);

        await ws.DisposeAsync().AsTask().Within();

        Assert.True(ws.Closed.IsCompletedSuccessfully);
        Assert.Equal(new WebSocketCloseInfo(1000), await ws.Closed);
        Assert.Equal((1000, ""), await server.Log(id).CloseReceived.Within());
        await recorder.Completed.Within();
    }

    [Fact]
    public async Task Close_ReasonOf41LoneSurrogates_GoesOnTheWireAsReplacementCharacters()
    {
        var id = NewId();
        var (ws, _) = await OpenAsync("echo", id);

        // 41 lone surrogates count as 123 bytes of U+FFFD: allowed; 42 are not.
        Assert.Throws<ArgumentException>(() => ws.Close(new WebSocketCloseInfo(4000, new string('\uD800', 42))));
        ws.Close(new WebSocketCloseInfo(4000, new string('\uD800', 41)));

        Assert.Equal((4000, new string('\uFFFD', 41)), await server.Log(id).CloseReceived.Within());
        Assert.Equal(4000, (await ws.Closed.Within()).Code);
    }

    private async Task<(WebSocketConnection Ws, Recorder Recorder)> OpenAsync(string path, string id)
    {
        var ws = WebSocketConnection.Connect(server.Url(path, id));
        var recorder = new Recorder();
        ws.Subscribe(recorder);
        await ws.Opened.Within();
        return (ws, recorder);
    }

    private static string NewId() => Guid.NewGuid().ToString("N");
}
