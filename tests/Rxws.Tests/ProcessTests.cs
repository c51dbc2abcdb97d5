using System.Net;
using System.Net.Sockets;
using Rxws.Tests.Infrastructure;

namespace Rxws.Tests;

/// <summary>The tool as scripts use it: real <c>rxws</c> processes, real signals, real exit codes.</summary>
public sealed class ProcessTests
{
    [Fact]
    public async Task ServeAndConnect_Processes_TalkToEachOtherAndExitZero()
    {
        await using var serve = ToolProcess.Start("serve", "--json", "--protocol", "chat");
        var url = Json.ListeningUrl(await serve.Output.NextLineAsync());
        await using var connect = ToolProcess.Start("connect", url, "--json", "--protocol", "chat", "--close-code", "4000", "--close-reason", "bye");

        Assert.Equal("""{"event":"open","protocol":"chat","extensions":""}""", await connect.Output.NextLineAsync());
        await connect.SendLineAsync("hello");
        Assert.Equal("""{"event":"message","type":"text","data":"hello"}""", await connect.Output.NextLineAsync());
        connect.EndInput();
        Assert.Equal("""{"event":"closed","clean":true,"code":4000,"reason":"bye"}""", await connect.Output.NextLineAsync());
        Assert.Equal(0, await connect.ExitedAsync());

        // The server answered with the client's code and reason.
        Assert.Equal("""{"event":"open","conn":1,"protocol":"chat","extensions":""}""", await serve.Output.NextLineAsync());
        Assert.Equal("""{"event":"message","conn":1,"type":"text","data":"hello"}""", await serve.Output.NextLineAsync());
        Assert.Equal("""{"event":"closed","conn":1,"clean":true,"code":4000,"reason":"bye"}""", await serve.Output.NextLineAsync());

        await serve.SignalAsync("TERM");
        Assert.Equal(0, await serve.ExitedAsync());
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task Serve_Signal_Closes1001ToClientsAndExitsZero(string signal)
    {
        await using var serve = ToolProcess.Start("serve", "--json");
        var url = Json.ListeningUrl(await serve.Output.NextLineAsync());
        await using var connect = ToolProcess.Start("connect", url, "--json");
        Assert.Equal("open", Json.Event(await connect.Output.NextLineAsync()));
        Assert.Equal("open", Json.Event(await serve.Output.NextLineAsync()));

        await serve.SignalAsync(signal);

        // The client's standard input is still open: it exits on the server's close alone.
        Assert.Equal("""{"event":"closed","clean":true,"code":1001,"reason":"server shutting down"}""", await connect.Output.NextLineAsync());
        Assert.Equal(0, await connect.ExitedAsync());
        Assert.Equal("""{"event":"closed","conn":1,"clean":true,"code":1001,"reason":"server shutting down"}""", await serve.Output.NextLineAsync());
        Assert.Equal(0, await serve.ExitedAsync());
        Assert.Empty(await serve.Output.RestAsync());
    }

    [Fact]
    public async Task Connect_ServerKilled_UncleanCloseExitsOne()
    {
        await using var serve = ToolProcess.Start("serve", "--json");
        var url = Json.ListeningUrl(await serve.Output.NextLineAsync());
        await using var connect = ToolProcess.Start("connect", url, "--json");
        Assert.Equal("open", Json.Event(await connect.Output.NextLineAsync()));

        await serve.SignalAsync("KILL");

        Assert.Equal("error", Json.Event(await connect.Output.NextLineAsync()));
        Assert.Equal("""{"event":"closed","clean":false,"code":1006,"reason":""}""", await connect.Output.NextLineAsync());
        Assert.Equal(1, await connect.ExitedAsync());
    }

    [Fact]
    public async Task Connect_Refused_ClosedWithNullCodeExitsOne()
    {
        await using var connect = ToolProcess.Start("connect", $"ws://127.0.0.1:{UnusedPort()}/", "--json");

        var error = Json.Parse(await connect.Output.NextLineAsync());
        Assert.Equal("error", error.GetProperty("event").GetString());
        Assert.Equal("""{"event":"closed","clean":false,"code":null,"reason":""}""", await connect.Output.NextLineAsync());
        Assert.Equal(1, await connect.ExitedAsync());
    }

    [Theory]
    [InlineData("invalid --close-code 999", "--close-code", "999")]
    [InlineData("invalid --close-code 1001", "--close-code", "1001")]
    [InlineData("invalid --close-code 5000", "--close-code", "5000", "--close-reason", "bye")]
    [InlineData("The close reason is 124 UTF-8 bytes; at most 123 are allowed.", "--close-reason", "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123")]
    [InlineData("invalid --close-reason \"", "--close-code", "4000", "--close-reason", "ééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé")]
    [InlineData("invalid --close-code \"abc\"", "--close-code", "abc")]
    [InlineData("--bogus", "--bogus")]
    public async Task Connect_UsageError_OneStderrLineExitsTwoWithoutConnecting(string expected, params string[] extra)
    {
        // The server runs in-process; it numbers connections from 1, so the next real connection being
        // conn 1 proves the refused command never connected.
        await using var serve = InProcessTool.Start("serve", "--json");
        var url = Json.ListeningUrl(await serve.Output.NextLineAsync());

        await using var connect = ToolProcess.Start(["connect", url, "--json", .. extra]);
        connect.EndInput();
        Assert.Equal(2, await connect.ExitedAsync());
        Assert.Empty(await connect.Output.RestAsync());
        var error = Assert.Single(await connect.Error.RestAsync());
        Assert.Contains(expected, error, StringComparison.Ordinal);

        var (exitCode, _) = await InProcessTool.RunAsync("connect", url, "--json");
        Assert.Equal(0, exitCode);
        Assert.Equal("""{"event":"open","conn":1,"protocol":"","extensions":""}""", await serve.Output.NextLineAsync());
    }

    [Fact]
    public async Task Demo_NoArguments_PrintsBothEndsCloseInfoAndExitsZero()
    {
        await using var demo = ToolProcess.Start();
        demo.EndInput();

        Assert.Equal(0, await demo.ExitedAsync());
        var lines = await demo.Output.RestAsync();
        Assert.Contains(lines, l => l.EndsWith("client  closed clean 1000 \"demo done\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith("server  closed clean 1000 \"demo done\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("client  message binary", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.Matches(@"^\s*\d+\.\d ms  (client|server)  ", l));
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
