using RxWebSocketStream.Interop.Tests.Peers;
using RxWebSocketStream.Interop.Tests.Server;

namespace RxWebSocketStream.Interop.Tests;

/// <summary>
/// Node's ws as the client (tests/interop/node/client.mjs) against our server: Kestrel's
/// <c>AcceptWebSocketAsync</c> wrapped by <see cref="WebSocketConnection.Create"/>.
/// </summary>
public sealed class WsClientWithOurServerTests(InteropServer server) : IClassFixture<InteropServer>
{
    private readonly string _id = Guid.NewGuid().ToString("N");

    private JsonLinesProcess StartClient(string pathAndQuery, params string[] protocols) =>
        JsonLinesProcess.StartNode("client.mjs", [server.WsUrl(pathAndQuery, _id).ToString(), .. protocols]);

    [NodeFact]
    public async Task Messages_round_trip_text_binary_empty_and_1_MiB()
    {
        await using var client = StartClient("/ws/echo");
        foreach (var message in TestData.RoundTripMessages)
        {
            await client.SendAsync(message.ToCommand());
        }

        var echoed = await client.WaitForCountAsync("message", TestData.RoundTripMessages.Count);
        await client.SendAsync(new { close = true, code = 1000 });
        await server.Log(_id).Closed.Within();

        Assert.Equal(TestData.RoundTripMessages.Select(TestData.Describe), server.Log(_id).Messages.Select(TestData.Describe));
        Assert.Equal(TestData.RoundTripMessages, server.Log(_id).Messages);
        Assert.Equal(TestData.RoundTripMessages, echoed.Select(e => e.ToMessage()));
    }

    [NodeFact]
    public async Task Close_with_a_123_byte_Unicode_reason_is_seen_exactly_by_our_server_and_echoed()
    {
        await using var client = StartClient("/ws/echo");
        await client.SendAsync(new { close = true, code = 4321, reason = TestData.Reason123 });

        var closed = await server.Log(_id).Closed.Within();
        Assert.Equal((4321, TestData.Reason123), (closed.Code, closed.Reason));
        var atClient = await client.WaitForAsync("close");
        Assert.Equal((4321, TestData.Reason123), (atClient.Int("code"), atClient.Str("reason")));
    }

    [NodeTheory]
    [InlineData(1000, "")]
    [InlineData(1000, "done")]
    [InlineData(3000, "")]
    [InlineData(4000, "bye")]
    [InlineData(4999, "x")]
    public async Task Close_codes_are_echoed_by_our_server(int code, string reason)
    {
        await using var client = StartClient("/ws/echo");
        await client.SendAsync(new { close = true, code, reason });

        var closed = await server.Log(_id).Closed.Within();
        Assert.Equal((code, reason), (closed.Code, closed.Reason));
        var atClient = await client.WaitForAsync("close");
        Assert.Equal((code, reason), (atClient.Int("code"), atClient.Str("reason")));
    }

    [NodeFact]
    public async Task Ws_closing_with_an_empty_body_is_reported_as_1005_by_our_server_and_answered_with_an_empty_body()
    {
        // ws.close() sends an empty close body: our server reports 1005 and answers with an empty body, which ws
        // reports as 1005.
        await using var client = StartClient("/ws/echo");
        await client.SendAsync(new { close = true });

        var closed = await server.Log(_id).Closed.Within();
        Assert.Equal((1005, ""), (closed.Code, closed.Reason));
        var atClient = await client.WaitForAsync("close");
        Assert.Equal((1005, ""), (atClient.Int("code"), atClient.Str("reason")));
    }

    [NodeFact]
    public async Task Our_server_closing_without_a_code_sends_an_empty_body_which_ws_reports_as_1005()
    {
        await using var client = StartClient("/ws/close");

        var atClient = await client.WaitForAsync("close");
        Assert.Equal((1005, ""), (atClient.Int("code"), atClient.Str("reason")));
        var closed = await server.Log(_id).Closed.Within();
        Assert.Equal((1005, ""), (closed.Code, closed.Reason));
    }

    [NodeFact]
    public async Task Our_server_closing_with_4000_bye_reaches_ws_and_ws_echoes_it()
    {
        await using var client = StartClient("/ws/close?code=4000&reason=bye&after=1");
        await client.SendAsync(Message.FromText("last words").ToCommand());

        var atClient = await client.WaitForAsync("close");
        Assert.Equal((4000, "bye"), (atClient.Int("code"), atClient.Str("reason")));
        var echoed = await client.WaitForAsync("message");
        Assert.Equal(Message.FromText("last words"), echoed.ToMessage());
        var closed = await server.Log(_id).Closed.Within();
        Assert.Equal((4000, "bye"), (closed.Code, closed.Reason));
    }

    [NodeFact]
    public async Task Sub_protocol_negotiation_with_ws()
    {
        await using var client = StartClient("/ws/echo?accept=chat.v2&accept=chat.v1", "chat.v1", "chat.v2");

        var open = await client.WaitForAsync("open");
        Assert.Equal("chat.v1", open.Str("protocol"));
        Assert.Equal(["chat.v1", "chat.v2"], await server.Log(_id).Requested.Within());
        Assert.Equal("chat.v1", server.Log(_id).Accepted);
        await client.SendAsync(new { close = true, code = 1000 });
        await server.Log(_id).Closed.Within();
    }

    [NodeFact]
    public async Task Sub_protocol_none_accepted_makes_ws_fail_the_handshake()
    {
        // A server that picks none of the offered protocols: ws refuses the connection, as Chromium and
        // (since the interop harness found the difference) our own client do.
        await using var client = StartClient("/ws/echo", "chat.v1");

        var error = await client.WaitForAsync("error");
        Assert.Equal("Server sent no subprotocol", error.Str("message"));
        var atClient = await client.WaitForAsync("close");
        Assert.Equal(1006, atClient.Int("code"));
    }

    [NodeTheory]
    [MemberData(nameof(OurClientWithWsServerTests.InvalidCloseFrames), MemberType = typeof(OurClientWithWsServerTests))]
    public async Task Ws_sending_an_invalid_close_frame_is_failed_by_our_server_with_1002(string frame)
    {
        await using var client = StartClient("/ws/echo");
        var query = frame.Split('=');
        await client.SendAsync(Message.FromText("before").ToCommand());
        await client.WaitForAsync("message");
        await client.SendAsync(query[0] == "code"
            ? new { closeRaw = true, code = int.Parse(query[1], System.Globalization.CultureInfo.InvariantCulture) }
            : (object)new { closeRaw = true, bodyHex = query[1] });

        var error = await Assert.ThrowsAsync<WebSocketConnectionException>(() => server.Log(_id).Closed.Within());
        Assert.Equal(1006, error.CloseCode);
        Assert.Equal([Message.FromText("before")], server.Log(_id).Messages);
        var atClient = await client.WaitForAsync("close");
        if (frame.Length > 100)
        {
            // Finding (docs/interop.md): for the 126-byte control frame the BCL stops at the frame header,
            // so 124 payload bytes are still unread when the server side tears the connection down. ws then
            // usually gets ECONNRESET and never processes our 1002 (1006 in about three runs of four here).
            // The failure itself is always detected on our side.
            Assert.True(atClient.Int("code") is 1002 or 1006, $"{error} {client.Describe()}");
        }
        else
        {
            Assert.True(atClient.Int("code") == 1002, $"{error} {client.Describe()}");
        }
    }
}
