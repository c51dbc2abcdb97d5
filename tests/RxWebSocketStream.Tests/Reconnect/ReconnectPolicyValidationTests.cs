namespace RxWebSocketStream.Tests.Reconnect;

/// <summary>Invalid <see cref="ReconnectPolicy"/> and <see cref="ConnectionEnd"/> values are rejected at once, naming the value and the limit.</summary>
public sealed class ReconnectPolicyValidationTests
{
    [Fact]
    public void NegativeInitialDelay_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>("InitialDelay", () => new ReconnectPolicy { InitialDelay = TimeSpan.FromSeconds(-1) });

        Assert.Contains("InitialDelay must be at least 00:00:00; it was -00:00:01.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NegativeMaxDelay_IncludingInfinite_Throws()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>("MaxDelay", () => new ReconnectPolicy { MaxDelay = Timeout.InfiniteTimeSpan });

        Assert.Contains("MaxDelay must be at least 00:00:00; it was -00:00:00.0010000.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ZeroDelays_AreAllowed()
    {
        var policy = new ReconnectPolicy { InitialDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero };

        Assert.Equal(TimeSpan.Zero, policy.NextDelay(3, 0.9));
    }

    [Theory]
    [InlineData(0.999, "0.999")]
    [InlineData(0, "0")]
    [InlineData(-2, "-2")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    public void MultiplierBelowOneOrNotFinite_Throws(double multiplier, string shown)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>("Multiplier", () => new ReconnectPolicy { Multiplier = multiplier });

        Assert.Contains($"Multiplier must be a finite number of at least 1; it was {shown}.", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void MaxAttemptsBelowOne_Throws(int maxAttempts)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>("MaxAttempts", () => new ReconnectPolicy { MaxAttempts = maxAttempts });

        Assert.Contains($"MaxAttempts must be at least 1, or null for no limit; it was {maxAttempts}.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MaxAttemptsOne_AndNull_AreAllowed()
    {
        Assert.Equal(1, new ReconnectPolicy { MaxAttempts = 1 }.MaxAttempts);
        Assert.Null((new ReconnectPolicy { MaxAttempts = 1 } with { MaxAttempts = null }).MaxAttempts);
    }

    [Theory]
    [InlineData(1006)]
    [InlineData(2999)]
    [InlineData(5000)]
    public void RetryableCloseCodesOutsideTheApplicationRange_Throw(int code)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>("RetryableCloseCodes", () => new ReconnectPolicy { RetryableCloseCodes = new HashSet<int> { 4000, code } });

        Assert.Contains($"application codes 3000-4999; it listed {code}.", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NullJitterOrCodes_Throw()
    {
        Assert.Throws<ArgumentNullException>("Jitter", () => new ReconnectPolicy { Jitter = null! });
        Assert.Throws<ArgumentNullException>("RetryableCloseCodes", () => new ReconnectPolicy { RetryableCloseCodes = null! });
    }

    [Fact]
    public void With_ValidatesTheNewValueToo()
    {
        var policy = new ReconnectPolicy();

        Assert.Throws<ArgumentOutOfRangeException>("Multiplier", () => policy with { Multiplier = 0.5 });
    }

    [Fact]
    public void RetryableCloseCodes_AreCopied_SoThePolicyStaysImmutable()
    {
        var codes = new HashSet<int> { 4001 };
        var policy = new ReconnectPolicy { RetryableCloseCodes = codes };

        codes.Add(4002);

        Assert.Equal([4001], policy.RetryableCloseCodes);
    }

    [Fact]
    public void ConnectionEnd_RejectsAttemptBelowOne_AndMissingParts()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>("attempt", () => ConnectionEnd.Failed(0, new IOException()));
        Assert.Contains("at least 1; it was 0.", e.Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentNullException>("closeInfo", () => ConnectionEnd.Closed(1, null!, CloseInitiator.Peer));
        Assert.Throws<ArgumentNullException>("error", () => ConnectionEnd.Failed(1, null!));
        Assert.Throws<ArgumentOutOfRangeException>("initiator", () => ConnectionEnd.Failed(1, new IOException(), (CloseInitiator)7));
    }
}
