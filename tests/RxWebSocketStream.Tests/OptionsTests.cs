namespace RxWebSocketStream.Tests;

public sealed class OptionsTests
{
    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        var options = new WebSocketConnectionOptions();

        Assert.Equal(TimeSpan.FromSeconds(10), options.CloseTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ConnectTimeout);
        Assert.Equal(1024, options.SendBufferCapacity);
        Assert.Equal(SendBufferOverflow.Fail, options.SendBufferOverflow);
        Assert.Equal(16 * 1024 * 1024, options.MaxMessageSize);
        Assert.Equal(new WebSocketCloseInfo(1000), options.UnsubscribeCloseInfo);
        Assert.Empty(options.Protocols);
        Assert.Same(System.Reactive.Concurrency.DefaultScheduler.Instance, options.Scheduler);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void CloseTimeout_NotPositive_ThrowsNamingTheValue(int seconds)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>("CloseTimeout", () => new WebSocketConnectionOptions { CloseTimeout = TimeSpan.FromSeconds(seconds) });

        Assert.Contains("must be greater than zero", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ConnectTimeout_Infinite_IsAllowed()
    {
        Assert.Equal(Timeout.InfiniteTimeSpan, new WebSocketConnectionOptions { ConnectTimeout = Timeout.InfiniteTimeSpan }.ConnectTimeout);
        Assert.Throws<ArgumentOutOfRangeException>("ConnectTimeout", () => new WebSocketConnectionOptions { ConnectTimeout = TimeSpan.Zero });
    }

    [Fact]
    public void Sizes_BelowOne_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>("SendBufferCapacity", () => new WebSocketConnectionOptions { SendBufferCapacity = 0 });
        Assert.Throws<ArgumentOutOfRangeException>("MaxMessageSize", () => new WebSocketConnectionOptions { MaxMessageSize = 0 });
    }

    [Fact]
    public void SendBufferOverflow_Undefined_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>("SendBufferOverflow", () => new WebSocketConnectionOptions { SendBufferOverflow = (SendBufferOverflow)42 });
    }

    [Theory]
    [InlineData(new[] { "" }, "Sub-protocol 0 is empty")]
    [InlineData(new[] { "v1", "v1" }, "'v1' appears twice")]
    [InlineData(new[] { "a b" }, "character ' ' at 1")]
    [InlineData(new[] { "chat,v2" }, "character ',' at 4")]
    [InlineData(new[] { "é" }, "character 'é' at 0")]
    [InlineData(new[] { "v1", "(x)" }, "character '(' at 0")]
    public void Protocols_Invalid_ThrowWhenSetNamingTheProtocol(string[] protocols, string problem)
    {
        var e = Assert.Throws<ArgumentException>("Protocols", () => new WebSocketConnectionOptions { Protocols = protocols });

        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Protocols_NullOrNullItem_ThrowWhenSet()
    {
        Assert.Throws<ArgumentNullException>("Protocols", () => new WebSocketConnectionOptions { Protocols = null! });
        var e = Assert.Throws<ArgumentException>("Protocols", () => new WebSocketConnectionOptions { Protocols = ["v1", null!] });
        Assert.Contains("Sub-protocol 1 is empty", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Protocols_Copied_LaterChangesToTheListDoNotLeakIn()
    {
        var protocols = new List<string> { "v1" };
        var options = new WebSocketConnectionOptions { Protocols = protocols };

        protocols.Add("not a token");

        Assert.Equal(["v1"], options.Protocols);
    }

    [Fact]
    public void Scheduler_Null_ThrowsWhenSetNamingIt()
    {
        var e = Assert.Throws<ArgumentNullException>("Scheduler", () => new WebSocketConnectionOptions { Scheduler = null! });

        Assert.Contains("Scheduler is null", e.Message, StringComparison.Ordinal);
    }
}
