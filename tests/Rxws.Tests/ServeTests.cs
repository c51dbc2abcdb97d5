using Rxws.Tests.Infrastructure;

namespace Rxws.Tests;

/// <summary><c>rxws serve</c> in-process, talking to <c>rxws connect</c> in-process.</summary>
public sealed class ServeTests
{
    [Fact]
    public async Task Serve_Json_ListeningFirstThenEachConnectionNumberedFromOne()
    {
        await using var serve = InProcessTool.Start("serve", "--json");
        var url = Json.ListeningUrl(await serve.Output.NextLineAsync());
        Assert.Matches(@"^ws://127\.0\.0\.1:\d+/$", url);

        foreach (var conn in new[] { 1, 2 })
        {
            await using var connect = InProcessTool.Start("connect", url, "--json", "--binary");
            await connect.Output.NextLineAsync();
            await connect.SendLineAsync("AAEC");
            await connect.Output.NextLineAsync();
            connect.EndInput();
            Assert.Equal(0, await connect.Exited.Within());

            Assert.Equal($$"""{"event":"open","conn":{{conn}},"protocol":"","extensions":""}""", await serve.Output.NextLineAsync());
            Assert.Equal($$"""{"event":"message","conn":{{conn}},"type":"binary","base64":"AAEC"}""", await serve.Output.NextLineAsync());
            Assert.Equal($$"""{"event":"closed","conn":{{conn}},"clean":true,"code":1005,"reason":""}""", await serve.Output.NextLineAsync());
        }

        serve.Shutdown();
        Assert.Equal(0, await serve.Exited.Within());
        Assert.Empty(await serve.Output.RestAsync());
    }

    [Fact]
    public async Task Serve_Echo_SendsBackWithTheSameType()
    {
        await using var serve = InProcessTool.Start("serve", "--json", "--mode", "echo");
        var url = Json.ListeningUrl(await serve.Output.NextLineAsync());
        await using var text = InProcessTool.Start("connect", url, "--json");
        await text.Output.NextLineAsync();

        await text.SendLineAsync("ping");
        Assert.Equal("""{"event":"message","type":"text","data":"ping"}""", await text.Output.NextLineAsync());

        await using var binary = InProcessTool.Start("connect", url, "--json", "--binary");
        await binary.Output.NextLineAsync();
        await binary.SendLineAsync("cGluZw==");
        Assert.Equal("""{"event":"message","type":"binary","base64":"cGluZw=="}""", await binary.Output.NextLineAsync());
    }

    [Fact]
    public async Task Serve_Print_PrintsWithoutEchoing()
    {
        await using var serve = InProcessTool.Start("serve", "--json", "--mode", "print");
        var url = Json.ListeningUrl(await serve.Output.NextLineAsync());
        await using var connect = InProcessTool.Start("connect", url, "--json");
        await connect.Output.NextLineAsync();

        await connect.SendLineAsync("just print me");
        await serve.Output.NextLineAsync();
        Assert.Equal("""{"event":"message","conn":1,"type":"text","data":"just print me"}""", await serve.Output.NextLineAsync());
        connect.EndInput();

        Assert.Equal(0, await connect.Exited.Within());
        Assert.Equal(["""{"event":"closed","clean":true,"code":1005,"reason":""}"""], await connect.Output.RestAsync());
    }

    [Fact]
    public async Task Serve_Protocol_FirstOfTheServersListThatTheClientOffered_NoneFailsTheClientsHandshake()
    {
        await using var serve = InProcessTool.Start("serve", "--json", "--protocol", "v2", "--protocol", "v1");
        var url = Json.ListeningUrl(await serve.Output.NextLineAsync());

        await using var both = InProcessTool.Start("connect", url, "--json", "--protocol", "v1", "--protocol", "v2");
        Assert.Equal("""{"event":"open","protocol":"v2","extensions":""}""", await both.Output.NextLineAsync());
        Assert.Equal("""{"event":"open","conn":1,"protocol":"v2","extensions":""}""", await serve.Output.NextLineAsync());

        // Offered protocols but none selected: the handshake fails, as in a browser (docs/behaviour.md).
        await using var none = InProcessTool.Start("connect", url, "--json", "--protocol", "v3");
        Assert.Contains("selected none of the offered sub-protocols (v3)", await none.Output.NextLineAsync(), StringComparison.Ordinal);
        Assert.Equal("""{"event":"closed","clean":false,"code":null,"reason":""}""", await none.Output.NextLineAsync());
    }

    [Fact]
    public async Task Serve_ClientCloses_ServerAnswersWithTheClientsCodeAndReason()
    {
        await using var serve = InProcessTool.Start("serve", "--json");
        var url = Json.ListeningUrl(await serve.Output.NextLineAsync());

        var (exitCode, connect) = await InProcessTool.RunAsync("connect", url, "--json", "--close-code", "4321", "--close-reason", "done here");

        Assert.Equal(0, exitCode);
        Assert.Equal("""{"event":"closed","clean":true,"code":4321,"reason":"done here"}""", (await connect.Output.RestAsync())[^1]);
        await serve.Output.NextLineAsync();
        Assert.Equal("""{"event":"closed","conn":1,"clean":true,"code":4321,"reason":"done here"}""", await serve.Output.NextLineAsync());
    }

    [Fact]
    public async Task Serve_Shutdown_Closes1001AndExitsZero()
    {
        await using var serve = InProcessTool.Start("serve");
        var listening = await serve.Output.NextLineAsync();
        Assert.StartsWith("listening ws://127.0.0.1:", listening);
        await using var connect = InProcessTool.Start("connect", listening!["listening ".Length..]);
        Assert.Equal("open protocol \"\" extensions \"\"", await connect.Output.NextLineAsync());
        Assert.Equal("[1] open protocol \"\" extensions \"\"", await serve.Output.NextLineAsync());

        serve.Shutdown();

        Assert.Equal("closed clean 1001 \"server shutting down\"", await connect.Output.NextLineAsync());
        Assert.Equal(0, await connect.Exited.Within());
        Assert.Equal("[1] closed clean 1001 \"server shutting down\"", await serve.Output.NextLineAsync());
        Assert.Equal(0, await serve.Exited.Within());
    }

    [Theory]
    [InlineData("--mode", "shout")]
    [InlineData("--port", "70000")]
    [InlineData("--port", "-1")]
    [InlineData("--host", "not-an-ip")]
    [InlineData("--protocol", "two words")]
    [InlineData("--protocol", "v1", "--protocol", "v1")]
    public async Task Serve_UsageError_ExitsTwoWithoutListening(params string[] args)
    {
        var (exitCode, serve) = await InProcessTool.RunAsync(["serve", "--json", .. args]);

        Assert.Equal(2, exitCode);
        Assert.Empty(await serve.Output.RestAsync());
        Assert.NotEmpty(await serve.Error.RestAsync());
    }
}
