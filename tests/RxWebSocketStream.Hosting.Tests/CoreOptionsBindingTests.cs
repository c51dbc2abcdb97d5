using Microsoft.Extensions.Configuration;

namespace RxWebSocketStream.Hosting.Tests;

/// <summary>
/// The core option types bound by Microsoft.Extensions.Configuration's own binder, as a user calling
/// <c>configuration.Bind(options)</c> does: every value configuration sets must arrive (docs/hosting.md, "Configuration keys").
/// </summary>
public sealed class CoreOptionsBindingTests
{
    [Fact]
    public void Bind_RetryableCloseCodes_ArriveInThePolicy()
    {
        var configuration = Configuration.From(new()
        {
            ["Policy:RetryableCloseCodes:0"] = "4001",
            ["Policy:RetryableCloseCodes:1"] = "4002",
            ["Policy:MaxAttempts"] = "3",
        });
        var options = new ReconnectingConnectionOptions();

        configuration.Bind(options);

        Assert.Equal([4001, 4002], options.Policy.RetryableCloseCodes.Order());
        Assert.Equal(3, options.Policy.MaxAttempts);
        // The default rule now retries a peer's 4001, and still not an unlisted 4003.
        Assert.NotNull(options.Policy.ReconnectDelay(ConnectionEnd.Closed(1, new WebSocketCloseInfo(4001), CloseInitiator.Peer)));
        Assert.Null(options.Policy.ReconnectDelay(ConnectionEnd.Closed(1, new WebSocketCloseInfo(4003), CloseInitiator.Peer)));
    }

    [Fact]
    public void Get_ReconnectPolicy_RetryableCloseCodesArrive()
    {
        var configuration = Configuration.From(new() { ["RetryableCloseCodes:0"] = "4100" });

        var policy = configuration.Get<ReconnectPolicy>();

        Assert.Equal([4100], policy!.RetryableCloseCodes);
    }

    [Fact]
    public void Bind_CloseInfoCodeAndReason_Arrive()
    {
        var configuration = Configuration.From(new()
        {
            ["UnsubscribeCloseInfo:Code"] = "4001",
            ["UnsubscribeCloseInfo:Reason"] = "unsubscribed",
            ["IdleTimeoutCloseInfo:Code"] = "4002",
        });
        var options = new WebSocketConnectionOptions();

        configuration.Bind(options);

        Assert.Equal(new WebSocketCloseInfo(4001, "unsubscribed"), options.UnsubscribeCloseInfo);
        // The reason not configured keeps its default.
        Assert.Equal(new WebSocketCloseInfo(4002, "idle timeout"), options.IdleTimeoutCloseInfo);
    }

    [Fact]
    public void Connect_ACloseInfoBoundToACodeThatMayNotBeSent_ThrowsNamingTheOption()
    {
        // The binder sets the code in place, then calls the setter, whose check throws (wrapped in a
        // TargetInvocationException by the reflection binder: AddReconnectingWebSocket unwraps it). The instance was
        // changed all the same, so Connect checks again before anything is sent.
        var options = new WebSocketConnectionOptions();
        Assert.Throws<System.Reflection.TargetInvocationException>(() => Configuration.From(new() { ["UnsubscribeCloseInfo:Code"] = "1005" }).Bind(options));

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => WebSocketConnection.Connect(new Uri("ws://127.0.0.1:1/"), options));

        Assert.Equal("UnsubscribeCloseInfo", e.ParamName);
        Assert.Contains("1005", e.Message, StringComparison.Ordinal);
    }
}
