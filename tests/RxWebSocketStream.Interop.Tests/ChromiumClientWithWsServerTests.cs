using System.Text.Json;
using RxWebSocketStream.Interop.Tests.Peers;
using RxWebSocketStream.Interop.Tests.Server;

namespace RxWebSocketStream.Interop.Tests;

/// <summary>
/// What Chromium's WebSocketStream puts on the wire, read by a peer nobody on the team wrote that tells an
/// empty close body (ws reports it as 1005) from 1000. These pin the browser behaviour that docs/interop.md
/// and docs/behaviour.md compare us with; ChromiumClientWithOurServerTests checks our server does the same.
/// </summary>
public sealed class ChromiumClientWithWsServerTests(ChromiumFixture chromium, WsServerFixture ws, InteropServer pages)
    : IClassFixture<ChromiumFixture>, IClassFixture<WsServerFixture>, IClassFixture<InteropServer>
{
    private readonly string _id = Guid.NewGuid().ToString("N");

    [ChromiumAndNodeTheory]
    [InlineData("c.stream.close()", 1005, "")]
    [InlineData("c.stream.close({ reason: 'why' })", 1000, "why")]
    [InlineData("c.stream.close({ closeCode: 4000, reason: 'bye' })", 4000, "bye")]
    [InlineData("c.writer.close()", 1005, "")]
    [InlineData("c.writer.abort(new Error('plain'))", 1005, "")]
    [InlineData("c.writer.abort(new WebSocketError('stop', { closeCode: 4002, reason: 'aborted' }))", 4002, "aborted")]
    [InlineData("c.reader.cancel(new WebSocketError('stop', { closeCode: 4003, reason: 'cancelled' }))", 4003, "cancelled")]
    public async Task What_Chromium_sends_and_reports_with_a_conformant_server(string how, int code, string reason)
    {
        var server = await ws.GetAsync();
        var browser = await chromium.GetAsync();
        await using var page = await browser.OpenAsync(new Uri(pages.HttpUrl, "blank.html"));

        var result = await page.EvaluateAsync($$"""
            (async () => {
              const c = await rx.open({{JsonSerializer.Serialize(server.Url("/echo", _id).ToString())}});
              {{how}};
              return await rx.closed(c.stream);
            })()
            """);

        // ws reports the close frame it received (1005: an empty body) and answers with the same.
        var atServer = await server.WaitForAsync(_id, "close");
        Assert.Equal((code, reason), (atServer.Int("code"), atServer.Str("reason")));
        Assert.Equal((true, code, reason), (result.Bool("ok")!.Value, result.Int("closeCode"), result.Str("reason")));
    }
}
