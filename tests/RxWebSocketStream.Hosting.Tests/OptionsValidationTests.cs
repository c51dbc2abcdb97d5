using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace RxWebSocketStream.Hosting.Tests;

/// <summary>
/// Bad configuration stops the host's start with an <see cref="OptionsValidationException"/> naming the key, the value
/// and the limit (docs/hosting.md, "Validation"); never a TargetInvocationException around the real error.
/// </summary>
public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("Connection:CloseTimeout", "-00:00:03", "Configuration key 'WebSockets:feed:Connection:CloseTimeout' has the value '-00:00:03', which is refused: CloseTimeout is -00:00:03; it must be greater than zero.")]
    [InlineData("Session:Policy:MaxAttempts", "0", "Configuration key 'WebSockets:feed:Session:Policy:MaxAttempts' has the value '0', which is refused: MaxAttempts must be at least 1, or null for no limit; it was 0.")]
    [InlineData("Session:Policy:RetryableCloseCodes:0", "1001", "Configuration key 'WebSockets:feed:Session:Policy:RetryableCloseCodes' has the value '1001', which is refused: RetryableCloseCodes may only list application codes 3000-4999; it listed 1001.")]
    [InlineData("Connection:Protocols:0", "not a token", "Configuration key 'WebSockets:feed:Connection:Protocols' has the value 'not a token', which is refused:")]
    [InlineData("Connection:UnsubscribeCloseInfo:Code", "1005", "Configuration key 'WebSockets:feed:Connection:UnsubscribeCloseInfo' has the value '1005', which is refused: The close code 1005 is not allowed")]
    [InlineData("Connection:CloseTimeuot", "00:00:03", "'CloseTimeuot'")]
    [InlineData("Connection:SendBufferOverflow", "Sometimes", "WebSockets:feed:Connection:SendBufferOverflow")]
    public async Task StartAsync_ARefusedValue_FailsNamingTheKeyTheValueAndTheLimit(string key, string value, string expected)
    {
        using var host = HostWith(new() { ["WebSockets:feed:Url"] = "ws://127.0.0.1:1/feed", ["WebSockets:feed:" + key] = value });

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Equal("feed", e.OptionsName);
    }

    [Theory]
    [InlineData(null, "Configuration key 'WebSockets:feed:Url' is missing")]
    [InlineData("ftp://127.0.0.1/feed", "Configuration key 'WebSockets:feed:Url' has the value 'ftp://127.0.0.1/feed', which is refused:")]
    [InlineData("/feed", "Configuration key 'WebSockets:feed:Url' has the value '/feed', which is refused:")]
    public async Task StartAsync_AMissingOrUnusableUrl_FailsNamingTheKey(string? url, string expected)
    {
        using var host = HostWith(new() { ["WebSockets:feed:Url"] = url, ["WebSockets:feed:Connection:CloseTimeout"] = "00:00:05" });

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_OptionsSetInCodeWithoutAUrl_FailNamingTheOption()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddReconnectingWebSocket("feed", options => options.Connection = new WebSocketConnectionOptions { CloseTimeout = TimeSpan.FromSeconds(5) });
        using var host = builder.Build();

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Option 'Url' of reconnecting WebSocket 'feed' is missing", e.Message, StringComparison.Ordinal);
    }

    private static IHost HostWith(Dictionary<string, string?> values)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(values);
        builder.Services.AddReconnectingWebSocket("feed", builder.Configuration.GetSection("WebSockets:feed"));
        return builder.Build();
    }
}
