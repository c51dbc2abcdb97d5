using System.Text.Json;
using RxWebSocketStream.Interop.Tests.Peers;
using RxWebSocketStream.Interop.Tests.Server;

namespace RxWebSocketStream.Interop.Tests;

/// <summary>
/// The <c>rxws</c> tool (issue 4's contract) against software nobody on the team wrote: `rxws serve --json`
/// with Node's ws and Chromium's WebSocketStream as clients, `rxws connect --json` with ws as the server.
/// Each side runs as a real process; the JSON lines are checked field by field.
/// </summary>
public sealed class RxwsInteropTests(WsServerFixture ws, ChromiumFixture chromium, InteropServer pages)
    : IClassFixture<WsServerFixture>, IClassFixture<ChromiumFixture>, IClassFixture<InteropServer>
{
    [NodeFact]
    public async Task Rxws_serve_echoes_for_a_ws_client_and_reports_its_close()
    {
        await using var serve = JsonLinesProcess.StartRxws("serve", "--json");
        var url = (await serve.WaitForAsync("listening")).Str("url")!;
        await using var client = JsonLinesProcess.StartNode("client.mjs", url);

        await client.SendAsync(new { send = "text", data = "héllo" });
        await client.SendAsync(new { send = "binary", base64 = "AQID" });
        var echoed = await client.WaitForCountAsync("message", 2);
        await client.SendAsync(new { close = true, code = 4000, reason = "bye" });
        var atClient = await client.WaitForAsync("close");
        var atServer = await serve.WaitForAsync("closed");

        Assert.Equal([("text", "héllo"), ("binary", "AQID")], echoed.Select(e => (e.Str("type")!, e.Str("data") ?? e.Str("base64")!)));
        Assert.Equal((4000, "bye"), (atClient.Int("code"), atClient.Str("reason")));
        Assert.Equal("""{"event":"closed","conn":1,"clean":true,"code":4000,"reason":"bye"}""", atServer.GetRawText());
        Assert.Equal(
            ["""{"event":"message","conn":1,"type":"text","data":"h\u00E9llo"}""", """{"event":"message","conn":1,"type":"binary","base64":"AQID"}"""],
            serve.Events.Where(e => e.Str("event") == "message").Select(e => JsonSerializer.Serialize(e)));
    }

    [NodeFact]
    public async Task Rxws_connect_talks_to_a_ws_server_and_closes_with_the_given_code_at_end_of_input()
    {
        var server = await ws.GetAsync();
        var id = Guid.NewGuid().ToString("N");
        await using var connect = JsonLinesProcess.StartRxws("connect", server.Url("/echo", id).ToString(), "--json", "--close-code", "4001", "--close-reason", "done");
        await connect.WaitForAsync("open");

        await connect.WriteLineAsync("hello");
        await connect.WriteLineAsync("wörld");
        var echoed = await connect.WaitForCountAsync("message", 2);
        connect.CloseInput();
        var closed = await connect.WaitForAsync("closed");

        Assert.Equal(["hello", "wörld"], echoed.Select(e => e.Str("data")!));
        Assert.Equal("""{"event":"closed","clean":true,"code":4001,"reason":"done"}""", closed.GetRawText());
    }

    [ChromiumFact]
    public async Task Chromium_WebSocketStream_talks_to_rxws_serve()
    {
        await using var serve = JsonLinesProcess.StartRxws("serve", "--json", "--protocol", "chat");
        var url = (await serve.WaitForAsync("listening")).Str("url")!;
        var browser = await chromium.GetAsync();
        await using var page = await browser.OpenAsync(new Uri(pages.HttpUrl, "blank.html"));

        var result = await page.EvaluateAsync($$"""
            (async () => {
              const wss = new WebSocketStream({{JsonSerializer.Serialize(url)}}, { protocols: ['chat'] });
              const { readable, writable, protocol } = await wss.opened;
              const writer = writable.getWriter();
              const reader = readable.getReader();
              await writer.write('hi from chromium');
              const text = (await reader.read()).value;
              await writer.write(new Uint8Array([1, 2, 3]));
              const binary = Array.from(new Uint8Array((await reader.read()).value));
              wss.close({ closeCode: 4002, reason: 'browser done' });
              const { closeCode, reason } = await wss.closed;
              return { protocol, text, binary, closeCode, reason };
            })()
            """);
        var atServer = await serve.WaitForAsync("closed");

        Assert.Equal("""{"protocol":"chat","text":"hi from chromium","binary":[1,2,3],"closeCode":4002,"reason":"browser done"}""", JsonSerializer.Serialize(result));
        Assert.Equal("""{"event":"closed","conn":1,"clean":true,"code":4002,"reason":"browser done"}""", atServer.GetRawText());
        Assert.Equal("""{"event":"open","conn":1,"protocol":"chat","extensions":""}""", (await serve.WaitForAsync("open")).GetRawText());
    }
}
