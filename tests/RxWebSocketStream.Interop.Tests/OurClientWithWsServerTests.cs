using RxWebSocketStream.Interop.Tests.Peers;

namespace RxWebSocketStream.Interop.Tests;

/// <summary>Our client (<see cref="WebSocketConnection.Connect"/>) against Node's ws as the server.</summary>
public sealed class OurClientWithWsServerTests(WsServerFixture fixture) : IClassFixture<WsServerFixture>
{
    private readonly string _id = Guid.NewGuid().ToString("N");

    [NodeFact]
    public async Task Messages_round_trip_text_binary_empty_and_1_MiB()
    {
        var server = await fixture.GetAsync();
        await using var connection = WebSocketConnection.Connect(server.Url("/echo", _id));
        var collector = new Collector();
        using var subscription = connection.Subscribe(collector);

        foreach (var message in TestData.RoundTripMessages)
        {
            await connection.SendAsync(message).Within();
        }

        var echoed = await collector.WaitForAsync(TestData.RoundTripMessages.Count);
        var atServer = await server.WaitForCountAsync(_id, "message", TestData.RoundTripMessages.Count);

        Assert.Equal(TestData.RoundTripMessages.Select(TestData.Describe), atServer.Select(e => TestData.Describe(e.ToMessage())));
        Assert.Equal(TestData.RoundTripMessages.Select(TestData.Describe), echoed.Select(TestData.Describe));
        Assert.Equal(TestData.RoundTripMessages, echoed);
    }

    [NodeFact]
    public async Task Close_with_a_123_byte_Unicode_reason_reaches_ws_exactly_and_is_echoed()
    {
        var server = await fixture.GetAsync();
        await using var connection = WebSocketConnection.Connect(server.Url("/echo", _id));
        await connection.Opened.Within();

        connection.Close(new WebSocketCloseInfo(4321, TestData.Reason123));

        var atServer = await server.WaitForAsync(_id, "close");
        Assert.Equal((4321, TestData.Reason123), (atServer.Int("code"), atServer.Str("reason")));
        var closed = await connection.Closed.Within();
        Assert.Equal((4321, TestData.Reason123), (closed.Code, closed.Reason));
    }

    [NodeTheory]
    [InlineData(1000, "")]
    [InlineData(1000, "done")]
    [InlineData(3000, "")]
    [InlineData(4000, "bye")]
    [InlineData(4999, "x")]
    public async Task Close_codes_are_echoed_by_ws(int code, string reason)
    {
        var server = await fixture.GetAsync();
        await using var connection = WebSocketConnection.Connect(server.Url("/echo", _id));
        var collector = new Collector();
        using var subscription = connection.Subscribe(collector);
        await connection.Opened.Within();

        connection.Close(new WebSocketCloseInfo(code, reason));

        var atServer = await server.WaitForAsync(_id, "close");
        Assert.Equal((code, reason), (atServer.Int("code"), atServer.Str("reason")));
        var closed = await connection.Closed.Within();
        Assert.Equal((code, reason), (closed.Code, closed.Reason));
        Assert.Null(await collector.Ended.Within());
    }

    [NodeFact]
    public async Task Close_without_a_code_puts_an_empty_body_on_the_wire_which_ws_reports_as_1005()
    {
        // The browser's close(): an empty close body. ws reports it as 1005 and answers with an empty body, which
        // our Closed reports as 1005 too.
        var server = await fixture.GetAsync();
        await using var connection = WebSocketConnection.Connect(server.Url("/echo", _id));
        await connection.Opened.Within();

        connection.Close();

        var atServer = await server.WaitForAsync(_id, "close");
        Assert.Equal((1005, ""), (atServer.Int("code"), atServer.Str("reason")));
        var closed = await connection.Closed.Within();
        Assert.Equal((1005, ""), (closed.Code, closed.Reason));
    }

    [NodeFact]
    public async Task Ws_closing_with_4000_bye_completes_our_stream_and_Closed_and_we_echo_it()
    {
        var server = await fixture.GetAsync();
        await using var connection = WebSocketConnection.Connect(server.Url("/close?code=4000&reason=bye&after=1", _id));
        var collector = new Collector();
        using var subscription = connection.Subscribe(collector);

        connection.Sink.OnNext(Message.FromText("last words"));

        Assert.Null(await collector.Ended.Within());
        Assert.Equal([Message.FromText("last words")], collector.Messages);
        var closed = await connection.Closed.Within();
        Assert.Equal((4000, "bye"), (closed.Code, closed.Reason));
        var atServer = await server.WaitForAsync(_id, "close");
        Assert.Equal((4000, "bye"), (atServer.Int("code"), atServer.Str("reason")));
    }

    [NodeFact]
    public async Task Ws_closing_with_an_empty_body_is_reported_as_1005_and_answered_with_an_empty_body()
    {
        // ws.close() with no code sends an empty close body: our Closed reports 1005, and our answer is an empty
        // body, which ws reports as 1005.
        var server = await fixture.GetAsync();
        await using var connection = WebSocketConnection.Connect(server.Url("/close", _id));
        var collector = new Collector();
        using var subscription = connection.Subscribe(collector);

        var closed = await connection.Closed.Within();
        Assert.Equal((1005, ""), (closed.Code, closed.Reason));
        Assert.Null(await collector.Ended.Within());
        var atServer = await server.WaitForAsync(_id, "close");
        Assert.Equal((1005, ""), (atServer.Int("code"), atServer.Str("reason")));
    }

    [NodeFact]
    public async Task Sub_protocol_negotiation_with_ws()
    {
        var server = await fixture.GetAsync();
        await using var connection = WebSocketConnection.Connect(
            server.Url("/echo?accept=chat.v2&accept=chat.v1", _id),
            new WebSocketConnectionOptions { Protocols = ["chat.v1", "chat.v2"] });

        var opened = await connection.Opened.Within();

        // ws picks the first protocol the client offered that it accepts.
        Assert.Equal("chat.v1", opened.Protocol);
        var request = await server.WaitForAsync(_id, "connection");
        Assert.Equal(["chat.v1", "chat.v2"], request.GetProperty("protocols").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("chat.v1", request.Str("protocol"));
    }

    [NodeFact]
    public async Task Sub_protocol_none_accepted_fails_the_handshake_as_Chromium_does()
    {
        var server = await fixture.GetAsync();
        var connection = WebSocketConnection.Connect(
            server.Url("/echo", _id),
            new WebSocketConnectionOptions { Protocols = ["chat.v1"] });

        var opened = await Assert.ThrowsAsync<WebSocketConnectionException>(() => connection.Opened.Within());

        Assert.Null(opened.CloseCode);
        Assert.Equal(1006, (await Assert.ThrowsAsync<WebSocketConnectionException>(() => connection.Closed.Within())).CloseCode);
    }

    /// <summary>Close bodies that RFC 6455 forbids, as query strings for server.mjs's /close-raw.</summary>
    public static TheoryData<string> InvalidCloseFrames() =>
    [
        "code=0", "code=999", "code=1004", "code=1005", "code=1006", "code=1015", "code=1016",
        "code=2999", "code=5000", "code=65535",
        "bodyHex=03",                                                  // a 1-byte body
        "bodyHex=" + "0fa0" + string.Concat(Enumerable.Repeat("61", 124)), // 126-byte payload: 4000 + 124 bytes
        "bodyHex=0fa0c328",                                            // 4000 with a reason that is not UTF-8
    ];

    [NodeTheory]
    [MemberData(nameof(InvalidCloseFrames))]
    public async Task Ws_sending_an_invalid_close_frame_is_failed_with_1002_and_reported_unclean_1006(string frame)
    {
        var server = await fixture.GetAsync();
        await using var connection = WebSocketConnection.Connect(server.Url($"/close-raw?after=1&{frame}", _id));
        var collector = new Collector();
        using var subscription = connection.Subscribe(collector);

        connection.Sink.OnNext(Message.FromText("before"));

        var error = Assert.IsType<WebSocketConnectionException>(await collector.Ended.Within());
        Assert.Equal(1006, error.CloseCode);
        var closedError = await Assert.ThrowsAsync<WebSocketConnectionException>(() => connection.Closed.Within());
        Assert.Same(error, closedError);
        Assert.Equal([Message.FromText("before")], collector.Messages);

        // docs/behaviour.md ("Receiving"): we send 1002 and report an unclean close.
        var atServer = await server.WaitForAsync(_id, "close");
        Assert.Equal(1002, atServer.Int("code"));
    }

    [NodeFact]
    public async Task Ws_sending_text_that_is_not_UTF8_is_failed_with_1007()
    {
        var server = await fixture.GetAsync();

        // An unmasked text frame, FIN set, with the bytes C3 28 (an invalid 2-byte sequence).
        await using var connection = WebSocketConnection.Connect(server.Url("/raw?hex=8102c328", _id));
        var collector = new Collector();
        using var subscription = connection.Subscribe(collector);

        var error = Assert.IsType<WebSocketConnectionException>(await collector.Ended.Within());
        Assert.Equal(1006, error.CloseCode);
        var atServer = await server.WaitForAsync(_id, "close");
        Assert.Equal(1007, atServer.Int("code"));
    }

    [NodeFact]
    public async Task Send_only_client_answers_every_ping_of_a_ws_heartbeat_and_stays_open()
    {
        // ws pings every 50 ms and terminates the connection when a ping stays unanswered (the heartbeat its README
        // recommends). Nobody subscribes to our client: it only sends, and must still answer every ping.
        var server = await fixture.GetAsync();
        await using var connection = WebSocketConnection.Connect(server.Url("/ping?every=50&echo=0", _id));
        await connection.Opened.Within();

        for (var i = 0; i < 10; i++)
        {
            await connection.SendAsync(Message.FromText($"tick {i}")).Within();
            await server.WaitForCountAsync(_id, "pong", i + 1);
        }

        Assert.Equal(10, (await server.WaitForCountAsync(_id, "message", 10)).Count);
        Assert.False(connection.Closed.IsCompleted, "A send-only client that answers every ping stays open.");
        Assert.Empty(await server.WaitForCountAsync(_id, "terminated", 0));
        connection.Close(new WebSocketCloseInfo(1000, "done"));
        var closed = await connection.Closed.Within();
        Assert.Equal((1000, "done"), (closed.Code, closed.Reason));
    }
}
