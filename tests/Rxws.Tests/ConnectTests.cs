using System.Text.Json;
using Rxws.Tests.Infrastructure;
using RxWebSocketStream;

namespace Rxws.Tests;

/// <summary><c>rxws connect</c> in-process against a scripted Kestrel server.</summary>
public sealed class ConnectTests
{
    [Fact]
    public async Task Connect_TextLines_EchoedAsTextEventsThenClosedWithTheCloseArguments()
    {
        await using var server = await ScriptedServer.StartAsync(ScriptedServer.EchoAsync);
        await using var tool = InProcessTool.Start("connect", server.Url.ToString(), "--json", "--close-code", "4000", "--close-reason", "bye");

        Assert.Equal("""{"event":"open","protocol":"","extensions":""}""", await tool.Output.NextLineAsync());
        await tool.SendLineAsync("hello");
        Assert.Equal("""{"event":"message","type":"text","data":"hello"}""", await tool.Output.NextLineAsync());
        await tool.SendLineAsync("héllo \"wörld\"");
        Assert.Equal("""{"event":"message","type":"text","data":"héllo \"wörld\""}""", await tool.Output.NextLineAsync());
        tool.EndInput();

        Assert.Equal("""{"event":"closed","clean":true,"code":4000,"reason":"bye"}""", await tool.Output.NextLineAsync());
        Assert.Equal(0, await tool.Exited.Within());
        Assert.Null(await tool.Output.NextLineAsync());
    }

    [Fact]
    public async Task Connect_Binary_Base64LinesRoundTripAsBinaryMessages()
    {
        await using var server = await ScriptedServer.StartAsync(ScriptedServer.EchoAsync);
        await using var tool = InProcessTool.Start("connect", server.Url.ToString(), "--json", "--binary");
        await tool.Output.NextLineAsync();

        byte[] payload = [0xCA, 0xFE, 0x00, 0xBA, 0xBE, 0xFF];
        await tool.SendLineAsync(Convert.ToBase64String(payload));
        var line = await tool.Output.NextLineAsync();
        Assert.Equal($$"""{"event":"message","type":"binary","base64":"{{Convert.ToBase64String(payload)}}"}""", line);
        using var json = JsonDocument.Parse(line!);
        Assert.Equal(payload, json.RootElement.GetProperty("base64").GetBytesFromBase64());

        await tool.SendLineAsync(string.Empty);
        Assert.Equal("""{"event":"message","type":"binary","base64":""}""", await tool.Output.NextLineAsync());
        tool.EndInput();
        Assert.StartsWith("""{"event":"closed","clean":true""", await tool.Output.NextLineAsync());
        Assert.Equal(0, await tool.Exited.Within());
    }

    [Fact]
    public async Task Connect_BinaryBadBase64Line_ErrorEventAndTheConnectionGoesOn()
    {
        await using var server = await ScriptedServer.StartAsync(ScriptedServer.EchoAsync);
        await using var tool = InProcessTool.Start("connect", server.Url.ToString(), "--json", "--binary");
        await tool.Output.NextLineAsync();

        await tool.SendLineAsync("not base64!");
        Assert.Equal("""{"event":"error","message":"input line 1 is not valid base64; it was not sent."}""", await tool.Output.NextLineAsync());
        await tool.SendLineAsync("AQID");
        Assert.Equal("""{"event":"message","type":"binary","base64":"AQID"}""", await tool.Output.NextLineAsync());
        tool.EndInput();
        Assert.StartsWith("""{"event":"closed","clean":true""", await tool.Output.NextLineAsync());
        Assert.Equal(0, await tool.Exited.Within());
    }

    [Fact]
    public async Task Connect_Protocol_OpenEventReportsTheServersPick()
    {
        await using var server = await ScriptedServer.StartAsync(ScriptedServer.EchoAsync, subProtocol: offered => offered.Contains("v2") ? "v2" : null);
        await using var tool = InProcessTool.Start("connect", server.Url.ToString(), "--json", "--protocol", "v1", "--protocol", "v2");

        Assert.Equal("""{"event":"open","protocol":"v2","extensions":""}""", await tool.Output.NextLineAsync());
        Assert.Equal("v1, v2", server.Requests.Single()["Sec-WebSocket-Protocol"].ToString());
        tool.EndInput();
        Assert.Equal(0, await tool.Exited.Within());
    }

    [Fact]
    public async Task Connect_Header_ReachesTheServer()
    {
        await using var server = await ScriptedServer.StartAsync(ScriptedServer.EchoAsync);
        await using var tool = InProcessTool.Start("connect", server.Url.ToString(), "--json", "--header", "X-Token: abc 123", "--header", "X-Other:two");

        await tool.Output.NextLineAsync();
        var headers = server.Requests.Single();
        Assert.Equal("abc 123", headers["X-Token"].ToString());
        Assert.Equal("two", headers["X-Other"].ToString());
        tool.EndInput();
        Assert.Equal(0, await tool.Exited.Within());
    }

    [Fact]
    public async Task Connect_PeerCloses_ClosedEventAndExitWithoutEndOfInput()
    {
        // The server closes with 4001 after the first message; standard input stays open throughout.
        await using var server = await ScriptedServer.StartAsync(async (connection, _) =>
        {
            using var subscription = connection.Subscribe(_ => connection.Close(new WebSocketCloseInfo(4001, "server bye")));
            await connection.Closed.ContinueWith(static _ => { }, TaskScheduler.Default);
        });
        await using var tool = InProcessTool.Start("connect", server.Url.ToString(), "--json");
        await tool.Output.NextLineAsync();

        await tool.SendLineAsync("please close");
        Assert.Equal("""{"event":"closed","clean":true,"code":4001,"reason":"server bye"}""", await tool.Output.NextLineAsync());
        Assert.Equal(0, await tool.Exited.Within());
    }

    [Fact]
    public async Task Connect_PeerDropsTheConnection_UncleanClosed1006AndExit1()
    {
        await using var server = await ScriptedServer.StartAsync(async (connection, context) =>
        {
            var first = new TaskCompletionSource();
            using var subscription = connection.Subscribe(_ => first.TrySetResult());
            await first.Task;
            context.Abort();
        });
        await using var tool = InProcessTool.Start("connect", server.Url.ToString(), "--json");
        await tool.Output.NextLineAsync();

        await tool.SendLineAsync("drop me");
        var error = await tool.Output.NextLineAsync();
        Assert.StartsWith("""{"event":"error","message":""", error);
        Assert.Equal("""{"event":"closed","clean":false,"code":1006,"reason":""}""", await tool.Output.NextLineAsync());
        Assert.Equal(1, await tool.Exited.Within());
    }

    [Fact]
    public async Task Connect_NoCloseArguments_ClosesWithNothing()
    {
        WebSocketCloseInfo? received = null;
        await using var server = await ScriptedServer.StartAsync(async (connection, _) =>
        {
            using var subscription = connection.Subscribe(_ => { });
            received = await connection.Closed;
        });
        var (exitCode, tool) = await InProcessTool.RunAsync("connect", server.Url.ToString(), "--json");

        // Close() with nothing: an empty close body, which the server reports as 1005 and answers with an empty
        // body, reported as 1005 too (docs/behaviour.md, "Exact close frames").
        Assert.Equal(0, exitCode);
        var lines = await tool.Output.RestAsync();
        Assert.Equal(
            ["""{"event":"open","protocol":"","extensions":""}""", """{"event":"closed","clean":true,"code":1005,"reason":""}"""],
            lines);
        Assert.Equal(1005, received?.Code);
    }

    [Fact]
    public async Task Connect_ReadableOutput_OneLinePerEvent()
    {
        await using var server = await ScriptedServer.StartAsync(ScriptedServer.EchoAsync);
        await using var tool = InProcessTool.Start("connect", server.Url.ToString(), "--close-code", "4000", "--close-reason", "bye");

        Assert.Equal("open protocol \"\" extensions \"\"", await tool.Output.NextLineAsync());
        await tool.SendLineAsync("two\\nlines");
        Assert.Equal("message text \"two\\\\nlines\"", await tool.Output.NextLineAsync());
        tool.EndInput();
        Assert.Equal("closed clean 4000 \"bye\"", await tool.Output.NextLineAsync());
        Assert.Equal(0, await tool.Exited.Within());
    }
}
