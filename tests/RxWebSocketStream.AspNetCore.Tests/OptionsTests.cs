using Microsoft.AspNetCore.Builder;
using RxWebSocketStream.AspNetCore.Internal;

namespace RxWebSocketStream.AspNetCore.Tests;

/// <summary>WebSocketServerOptions: defaults, and invalid values refused when set with messages naming value and rule.</summary>
public sealed class OptionsTests
{
    [Fact]
    public void Defaults_AreAsDocumented()
    {
        var options = new WebSocketServerOptions();

        Assert.Empty(options.AllowedOrigins);
        Assert.Empty(options.SubProtocols);
        Assert.Null(options.SelectSubProtocol);
        Assert.Null(options.KeepAliveInterval);
        Assert.Null(options.KeepAliveTimeout);
        Assert.False(options.EnableCompression);
        Assert.Equal(WebSocketConnectionOptions.DefaultCloseTimeout, options.Connection.CloseTimeout);
    }

    [Theory]
    [InlineData("example.org", "it has no scheme and host")]
    [InlineData("https://example.org/app", "it has a path, query or fragment")]
    [InlineData("https://example.org?x=1", "it has a path, query or fragment")]
    [InlineData("https://example.org#", "it has a path, query or fragment")]
    [InlineData("https://user@example.org", "it has user info")]
    [InlineData("*", "it has no scheme and host")]
    public void AllowedOrigins_NotAnOrigin_ThrowsNamingIt(string origin, string problem)
    {
        var e = Assert.Throws<ArgumentException>(() => new WebSocketServerOptions { AllowedOrigins = [origin] });

        Assert.Equal("AllowedOrigins", e.ParamName);
        Assert.StartsWith($"The allowed origin '{origin}' is not an origin: {problem}.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AllowedOrigins_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new WebSocketServerOptions { AllowedOrigins = null! });
        Assert.Throws<ArgumentNullException>(() => new WebSocketServerOptions { AllowedOrigins = [null!] });
    }

    [Fact]
    public void AllowedOrigins_Copied_LaterChangesToTheListDoNotLeakIn()
    {
        var list = new List<string> { "https://a.example" };
        var options = new WebSocketServerOptions { AllowedOrigins = list };

        list.Add("https://evil.example");

        Assert.Equal(["https://a.example"], options.AllowedOrigins);
    }

    [Theory]
    [InlineData(new[] { "" }, "Sub-protocol 0 is empty")]
    [InlineData(new[] { "chat v1" }, "Sub-protocol 'chat v1' has the character ' ' at 4")]
    [InlineData(new[] { "a", "a" }, "Sub-protocol 'a' appears twice")]
    public void SubProtocols_Invalid_ThrowsNamingIt(string[] protocols, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => new WebSocketServerOptions { SubProtocols = protocols });

        Assert.Equal("SubProtocols", e.ParamName);
        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeepAliveInterval_Negative_ThrowsNamingValueAndRule()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new WebSocketServerOptions { KeepAliveInterval = TimeSpan.FromSeconds(-1) });

        Assert.StartsWith("KeepAliveInterval is -00:00:01; it must be zero (no pings), positive, or Timeout.InfiniteTimeSpan.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeepAliveInterval_ZeroOrInfinite_Accepted()
    {
        Assert.Equal(TimeSpan.Zero, new WebSocketServerOptions { KeepAliveInterval = TimeSpan.Zero }.KeepAliveInterval);
        Assert.Equal(Timeout.InfiniteTimeSpan, new WebSocketServerOptions { KeepAliveInterval = Timeout.InfiniteTimeSpan }.KeepAliveInterval);
    }

    [Fact]
    public void KeepAliveTimeout_Negative_ThrowsNamingValueAndRule()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new WebSocketServerOptions { KeepAliveTimeout = TimeSpan.FromSeconds(-5) });

        Assert.StartsWith("KeepAliveTimeout is -00:00:05; it must be positive, zero (no timeout), or Timeout.InfiniteTimeSpan.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeepAliveTimeout_ZeroOrInfinite_Accepted()
    {
        Assert.Equal(TimeSpan.Zero, new WebSocketServerOptions { KeepAliveTimeout = TimeSpan.Zero }.KeepAliveTimeout);
        Assert.Equal(Timeout.InfiniteTimeSpan, new WebSocketServerOptions { KeepAliveTimeout = Timeout.InfiniteTimeSpan }.KeepAliveTimeout);
    }

    [Fact]
    public void Connection_Null_Throws()
    {
        var e = Assert.Throws<ArgumentNullException>(() => new WebSocketServerOptions { Connection = null! });

        Assert.Equal("Connection", e.ParamName);
    }

    [Fact]
    public void MapWebSocketConnection_BothSubProtocolsAndCallback_ThrowsAtStartup()
    {
        var app = WebApplication.CreateSlimBuilder().Build();

        var e = Assert.Throws<ArgumentException>(() => app.MapWebSocketConnection("/ws", _ => { }, new WebSocketServerOptions { SubProtocols = ["a", "b"], SelectSubProtocol = _ => null }));

        Assert.Equal("options", e.ParamName);
        Assert.StartsWith("Both SubProtocols (a, b) and SelectSubProtocol are set; set one of them.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MapWebSocketConnection_NullArguments_Throw()
    {
        var app = WebApplication.CreateSlimBuilder().Build();

        Assert.Throws<ArgumentNullException>(() => ((WebApplication)null!).MapWebSocketConnection("/ws", _ => { }));
        Assert.Throws<ArgumentNullException>(() => app.MapWebSocketConnection(null!, _ => { }));
        Assert.Throws<ArgumentNullException>(() => app.MapWebSocketConnection("/ws", (Action<WebSocketConnection>)null!));
        Assert.Throws<ArgumentNullException>(() => app.MapWebSocketConnection("/ws", (Func<WebSocketConnection, Microsoft.AspNetCore.Http.HttpContext, Task>)null!));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("https://a.example", true)]
    [InlineData("https://A.EXAMPLE:443", true)]
    [InlineData("https://a.example:444", false)]
    [InlineData("null", false)]
    [InlineData("https://a.example/", true)]
    public void OriginPolicy_IsAllowed(string? origin, bool allowed)
    {
        Assert.Equal(allowed, OriginPolicy.IsAllowed(origin, ["https://a.example"]));
    }
}
