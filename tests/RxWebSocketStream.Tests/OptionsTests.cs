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
}
