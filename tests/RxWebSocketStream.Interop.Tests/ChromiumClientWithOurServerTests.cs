using System.Text.Json;
using RxWebSocketStream.Interop.Tests.Peers;
using RxWebSocketStream.Interop.Tests.Server;

namespace RxWebSocketStream.Interop.Tests;

/// <summary>
/// Chromium's own <c>WebSocketStream</c> as the client (headless, driven through DevTools, see
/// <see cref="ChromiumBrowser"/>) against our server: Kestrel's <c>AcceptWebSocketAsync</c> wrapped by
/// <see cref="WebSocketConnection.Create"/>.
/// </summary>
public sealed class ChromiumClientWithOurServerTests(ChromiumFixture chromium, InteropServer server)
    : IClassFixture<ChromiumFixture>, IClassFixture<InteropServer>
{
    private readonly string _id = Guid.NewGuid().ToString("N");

    private async Task<ChromiumPage> OpenPageAsync()
    {
        var browser = await chromium.GetAsync();
        return await browser.OpenAsync(new Uri(server.HttpUrl, "blank.html"));
    }

    private string Url(string pathAndQuery) => Js(server.WsUrl(pathAndQuery, _id).ToString());

    private static string Js(string value) => JsonSerializer.Serialize(value);

    private static void AssertJson(string expected, JsonElement actual) =>
        Assert.Equal(JsonSerializer.Serialize(JsonDocument.Parse(expected).RootElement), JsonSerializer.Serialize(actual));

    [ChromiumFact]
    public async Task Chromium_exposes_WebSocketStream_and_WebSocketError()
    {
        await using var page = await OpenPageAsync();

        var result = await page.EvaluateAsync("""
            ({
              webSocketStream: typeof WebSocketStream,
              webSocketError: typeof WebSocketError,
              error: (() => {
                const e = new WebSocketError('m', { closeCode: 4000, reason: 'r' });
                return { name: e.name, message: e.message, closeCode: e.closeCode, reason: e.reason, domException: e instanceof DOMException };
              })(),
              reasonOnly: new WebSocketError('', { reason: 'r' }).closeCode,
            })
            """);

        AssertJson("""
            {"webSocketStream":"function","webSocketError":"function",
             "error":{"name":"WebSocketError","message":"m","closeCode":4000,"reason":"r","domException":true},
             "reasonOnly":1000}
            """, result);
    }

    [ChromiumFact]
    public async Task Messages_round_trip_text_binary_empty_and_1_MiB()
    {
        await using var page = await OpenPageAsync();

        var result = await page.EvaluateAsync($$"""
            (async () => {
              const c = await rx.open({{Url("/ws/echo")}});
              const sent = ['hello', 'Grüße, 世界 😀', new Uint8Array([0, 1, 2, 253, 254, 255]), '', new Uint8Array(0),
                            rx.oneMiBText(), rx.oneMiBBinary()];
              for (const m of sent) await c.writer.write(m);
              const echoed = [];
              for (let i = 0; i < sent.length; i++) echoed.push(await rx.describe((await c.reader.read()).value));
              c.stream.close({ closeCode: 1000 });
              return { echoed, closed: await rx.closed(c.stream) };
            })()
            """);

        var log = server.Log(_id);
        await log.Closed.Within();
        Assert.Equal(TestData.RoundTripMessages, log.Messages);
        var echoed = result.GetProperty("echoed").EnumerateArray().ToList();
        Assert.Equal(
            TestData.RoundTripMessages.Select(m => (m.IsText ? "text" : "binary", m.Data.Length, TestData.Sha256(m))),
            echoed.Select(e => (e.Str("type")!, e.Int("length")!.Value, e.Str("sha256")!)));

        // Finding: Chromium 156 hands binary messages to the reader as ArrayBuffer.
        Assert.All(echoed.Where(e => e.Str("type") == "binary"), e => Assert.Equal("ArrayBuffer", e.Str("ctor")));
        AssertJson("""{"ok":true,"closeCode":1000,"reason":""}""", result.GetProperty("closed"));
    }

    [ChromiumFact]
    public async Task Close_with_code_and_a_123_byte_Unicode_reason_is_seen_exactly_by_our_server()
    {
        await using var page = await OpenPageAsync();

        var result = await page.EvaluateAsync($$"""
            (async () => {
              const c = await rx.open({{Url("/ws/echo")}});
              c.stream.close({ closeCode: 4321, reason: {{Js(TestData.Reason123)}} });
              return await rx.closed(c.stream);
            })()
            """);

        var closed = await server.Log(_id).Closed.Within();
        Assert.Equal((4321, TestData.Reason123), (closed.Code, closed.Reason));
        Assert.Equal((true, 4321, TestData.Reason123), (result.Bool("ok")!.Value, result.Int("closeCode"), result.Str("reason")));
    }

    [ChromiumFact]
    public async Task Our_server_closing_with_4000_bye_resolves_the_browsers_closed_with_them()
    {
        await using var page = await OpenPageAsync();

        var result = await page.EvaluateAsync($$"""
            (async () => {
              const c = await rx.open({{Url("/ws/close?code=4000&reason=bye&after=1")}});
              await c.writer.write('last words');
              const drained = await rx.drain(c.reader);
              return { drained, closed: await rx.closed(c.stream) };
            })()
            """);

        AssertJson("""{"ok":true,"closeCode":4000,"reason":"bye"}""", result.GetProperty("closed"));
        var drained = result.GetProperty("drained");
        Assert.True(drained.Bool("done"));
        Assert.Equal(TestData.Sha256(Message.FromText("last words")), drained.GetProperty("messages")[0].Str("sha256"));

        // Chromium answers a close with the code and reason it received.
        var closed = await server.Log(_id).Closed.Within();
        Assert.Equal((4000, "bye"), (closed.Code, closed.Reason));
    }

    [ChromiumFact]
    public async Task Sub_protocol_negotiation()
    {
        await using var page = await OpenPageAsync();

        var result = await page.EvaluateAsync($$"""
            (async () => {
              const c = await rx.open({{Url("/ws/echo?accept=chat.v2&accept=chat.v1")}}, { protocols: ['chat.v1', 'chat.v2'] });
              c.stream.close();
              return { protocol: c.protocol, extensions: c.extensions, closed: await rx.closed(c.stream) };
            })()
            """);

        // Our test server picks the first offered protocol it accepts.
        Assert.Equal("chat.v1", result.Str("protocol"));
        Assert.Equal(["chat.v1", "chat.v2"], await server.Log(_id).Requested.Within());
        Assert.Equal("chat.v1", server.Log(_id).Accepted);
        await server.Log(_id).Closed.Within();
    }

    [ChromiumFact]
    public async Task Sub_protocol_none_accepted_makes_Chromium_fail_the_handshake()
    {
        // Finding: when the server picks none of the offered sub-protocols, Chromium fails the handshake
        // (so does ws); our client opens with protocol "" instead (docs/behaviour.md, docs/interop.md).
        await using var page = await OpenPageAsync();

        var result = await page.EvaluateAsync($$"""
            (async () => {
              const stream = new WebSocketStream({{Url("/ws/echo")}}, { protocols: ['chat.v1'] });
              let opened;
              try {
                await stream.opened;
                opened = { ok: true };
              } catch (e) {
                opened = { ok: false, name: e.name, closeCode: e.closeCode ?? null };
              }
              return { opened, closed: await rx.closed(stream) };
            })()
            """);

        AssertJson("""{"ok":false,"name":"WebSocketError","closeCode":null}""", result.GetProperty("opened"));
        Assert.Equal((false, 1006), (result.GetProperty("closed").Bool("ok")!.Value, result.GetProperty("closed").Int("closeCode")));
    }

    [ChromiumFact]
    public async Task Writable_abort_with_a_WebSocketError_closes_with_its_code_and_reason()
    {
        await using var page = await OpenPageAsync();

        var result = await page.EvaluateAsync($$"""
            (async () => {
              const c = await rx.open({{Url("/ws/echo")}});
              await c.writer.abort(new WebSocketError('stop', { closeCode: 4002, reason: 'aborted' }));
              return await rx.closed(c.stream);
            })()
            """);

        var closed = await server.Log(_id).Closed.Within();
        Assert.Equal((4002, "aborted"), (closed.Code, closed.Reason));
        AssertJson("""{"ok":true,"closeCode":4002,"reason":"aborted"}""", result);
    }

    [ChromiumFact]
    public async Task Writable_abort_with_another_error_closes_without_a_code()
    {
        await using var page = await OpenPageAsync();

        var result = await page.EvaluateAsync($$"""
            (async () => {
              const c = await rx.open({{Url("/ws/echo")}});
              await c.writer.abort(new Error('plain'));
              return await rx.closed(c.stream);
            })()
            """);

        // Chromium sends an empty close body: our server reports 1005 and answers with an empty body, so the
        // browser's closed says 1005 too.
        var closed = await server.Log(_id).Closed.Within();
        Assert.Equal((1005, ""), (closed.Code, closed.Reason));
        AssertJson("""{"ok":true,"closeCode":1005,"reason":""}""", result);
    }

    [ChromiumFact]
    public async Task Close_without_arguments_sends_an_empty_body_which_our_server_reports_as_1005()
    {
        await using var page = await OpenPageAsync();

        var result = await page.EvaluateAsync($$"""
            (async () => {
              const c = await rx.open({{Url("/ws/echo")}});
              c.stream.close();
              return await rx.closed(c.stream);
            })()
            """);

        // The browser's close() sends an empty close body. Our server, over the library's own transport, tells it
        // from 1000: Closed reports 1005 and the answer is an empty body, so the browser's closed says 1005, exactly
        // as against ws (ChromiumClientWithWsServerTests).
        var closed = await server.Log(_id).Closed.Within();
        Assert.Equal((1005, ""), (closed.Code, closed.Reason));
        AssertJson("""{"ok":true,"closeCode":1005,"reason":""}""", result);
    }

    [ChromiumFact]
    public async Task Writable_close_closes_without_a_code()
    {
        await using var page = await OpenPageAsync();

        var result = await page.EvaluateAsync($$"""
            (async () => {
              const c = await rx.open({{Url("/ws/echo")}});
              await c.writer.write('flushed first');
              await c.writer.close();
              return { drained: await rx.drain(c.reader), closed: await rx.closed(c.stream) };
            })()
            """);

        var closed = await server.Log(_id).Closed.Within();
        Assert.Equal((1005, ""), (closed.Code, closed.Reason));
        Assert.Equal([Message.FromText("flushed first")], server.Log(_id).Messages);
        AssertJson("""{"ok":true,"closeCode":1005,"reason":""}""", result.GetProperty("closed"));
    }

    /// <summary>(code, reason as a JS expression) pairs for the close validation comparison.</summary>
    public static TheoryData<int?, string> CloseArguments() => new()
    {
        { null, "''" }, { null, "'why'" }, { 1000, "''" }, { 3000, "''" }, { 4999, "'x'" },
        { 0, "''" }, { 999, "''" }, { 1001, "''" }, { 1005, "''" }, { 1011, "''" }, { 2999, "''" }, { 5000, "''" },
        { 4000, "'😀€é'.repeat(13) + '€€'" },        // 123 bytes
        { 4000, "'😀€é'.repeat(13) + '€€a'" },       // 124 bytes
        { 4000, "'\\uD800'.repeat(41)" },            // lone surrogates count as U+FFFD, 3 bytes: 123
        { 4000, "'\\uD800'.repeat(42)" },            // 126
        { 1001, "'x'.repeat(200)" },                 // a bad code and a bad reason report the code
    };

    [ChromiumTheory]
    [MemberData(nameof(CloseArguments))]
    public async Task Close_validation_agrees_with_Chromium(int? code, string reasonExpression)
    {
        await using var page = await OpenPageAsync();
        var codeJs = code is null ? "undefined" : code.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var result = await page.EvaluateAsync($$"""
            (() => {
              const reason = {{reasonExpression}};
              const error = rx.attempt(() => new WebSocketError('', { closeCode: {{codeJs}}, reason }));
              // As UTF-16 code units: System.Text.Json refuses a lone surrogate in a JSON string.
              return { reason: Array.from({ length: reason.length }, (_, i) => reason.charCodeAt(i)), error };
            })()
            """);

        var reason = new string([.. result.GetProperty("reason").EnumerateArray().Select(c => (char)c.GetInt32())]);
        var browser = result.GetProperty("error");
        var ours = Record.Exception(() => new WebSocketConnectionException(string.Empty, code, reason));
        var oursAsBrowser = ours switch
        {
            null => "ok",
            ArgumentOutOfRangeException => "InvalidAccessError",
            ArgumentException => "SyntaxError",
            _ => ours.GetType().Name,
        };
        Assert.Equal(browser.Bool("ok") == true ? "ok" : browser.Str("name"), oursAsBrowser);
    }
}
