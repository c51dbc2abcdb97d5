namespace RxWebSocketStream.Tests.Reconnect;

/// <summary>The back-off arithmetic of <see cref="ReconnectPolicy"/>, with a fixed jitter source.</summary>
public sealed class ReconnectPolicyBackOffTests
{
    private static ReconnectPolicy Fixed(double jitter) => new() { Jitter = () => jitter };

    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        var policy = new ReconnectPolicy();

        Assert.Equal(TimeSpan.FromSeconds(1), policy.InitialDelay);
        Assert.Equal(2, policy.Multiplier);
        Assert.Equal(TimeSpan.FromSeconds(30), policy.MaxDelay);
        Assert.Null(policy.MaxAttempts);
        Assert.Null(policy.ShouldReconnect);
        Assert.Empty(policy.RetryableCloseCodes);
        Assert.Equal(new ReconnectPolicy(), policy);
        Assert.InRange(policy.Jitter(), 0, Math.BitDecrement(1.0));
    }

    [Fact]
    public void HalfJitter_DoublesFromHalfASecond_UntilHalfTheCap()
    {
        var policy = Fixed(0.5);

        var delays = Enumerable.Range(1, 8).Select(n => policy.NextDelay(n)).ToArray();

        // Ceilings 1, 2, 4, 8, 16, 32 -> capped at 30, 30 ...; the wait is half of each.
        TimeSpan?[] expected = [.. new[] { 0.5, 1, 2, 4, 8, 15, 15, 15 }.Select(s => (TimeSpan?)TimeSpan.FromSeconds(s))];
        Assert.Equal(expected, delays);
    }

    [Fact]
    public void CustomBackOff_FollowsInitialTimesMultiplierToTheAttemptMinusOne()
    {
        var policy = new ReconnectPolicy
        {
            InitialDelay = TimeSpan.FromMilliseconds(100),
            Multiplier = 3,
            MaxDelay = TimeSpan.FromSeconds(2),
            Jitter = () => 0.5,
        };

        TimeSpan?[] expected = [.. new[] { 50, 150, 450, 1000, 1000 }.Select(ms => (TimeSpan?)TimeSpan.FromMilliseconds(ms))];
        Assert.Equal(expected, Enumerable.Range(1, 5).Select(n => policy.NextDelay(n)));
    }

    [Fact]
    public void FullJitter_SpansZeroToJustBelowTheCeiling()
    {
        var policy = new ReconnectPolicy();

        Assert.Equal(TimeSpan.Zero, policy.NextDelay(4, 0));
        var highest = policy.NextDelay(4, Math.BitDecrement(1.0));
        Assert.True(highest < TimeSpan.FromSeconds(8), $"{highest} should be below the 8 s ceiling");
        Assert.True(highest > TimeSpan.FromSeconds(7.999), $"{highest} should be just below the 8 s ceiling");
    }

    [Fact]
    public void NextDelay_DrawsOneJitterPerAttempt_InOrder()
    {
        var draws = new Queue<double>([0.25, 0.75, 0.1]);
        var policy = new ReconnectPolicy { Jitter = draws.Dequeue };

        Assert.Equal(TimeSpan.FromSeconds(0.25), policy.NextDelay(1));
        Assert.Equal(TimeSpan.FromSeconds(1.5), policy.NextDelay(2));
        Assert.Equal(TimeSpan.FromSeconds(0.4), policy.NextDelay(3));
        Assert.Empty(draws);
    }

    [Fact]
    public void MaxAttempts_AfterTheLast_NullWithoutDrawingJitter()
    {
        var draws = 0;
        var policy = new ReconnectPolicy { MaxAttempts = 3, Jitter = () => { draws++; return 0.5; } };

        Assert.Equal(TimeSpan.FromSeconds(2), policy.NextDelay(3));
        Assert.Equal(1, draws);

        Assert.Null(policy.NextDelay(4));
        Assert.Null(policy.NextDelay(int.MaxValue));
        Assert.Null(policy.BackOffCeiling(4));
        Assert.Null(policy.NextDelay(4, 0.5));
        Assert.Equal(1, draws);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(1_024)]
    [InlineData(int.MaxValue)]
    public void HugeAttempt_ClampsToMaxDelay_WithoutOverflow(int attempt)
    {
        Assert.Equal(TimeSpan.FromSeconds(15), Fixed(0.5).NextDelay(attempt));
        Assert.Equal(TimeSpan.FromSeconds(30), new ReconnectPolicy().BackOffCeiling(attempt));
    }

    [Fact]
    public void HugeAttempt_WithTheLargestMaxDelay_StaysBelowIt()
    {
        var policy = new ReconnectPolicy { MaxDelay = TimeSpan.MaxValue, Multiplier = 1_000 };

        Assert.Equal(TimeSpan.MaxValue, policy.BackOffCeiling(int.MaxValue));
        var delay = policy.NextDelay(int.MaxValue, Math.BitDecrement(1.0));
        Assert.True(delay < TimeSpan.MaxValue && delay > TimeSpan.FromDays(100_000), $"{delay}");
    }

    [Fact]
    public void MultiplierOne_KeepsTheDelayConstant()
    {
        var policy = new ReconnectPolicy { Multiplier = 1, Jitter = () => 0.5 };

        Assert.Equal(TimeSpan.FromSeconds(0.5), policy.NextDelay(1));
        Assert.Equal(TimeSpan.FromSeconds(0.5), policy.NextDelay(int.MaxValue));
    }

    [Fact]
    public void ZeroInitialDelay_IsZeroForEveryAttempt()
    {
        // 0 * Multiplier^huge would be 0 * Infinity = NaN if computed naively.
        var policy = new ReconnectPolicy { InitialDelay = TimeSpan.Zero, Jitter = () => 0.5 };

        Assert.Equal(TimeSpan.Zero, policy.BackOffCeiling(int.MaxValue));
        Assert.Equal(TimeSpan.Zero, policy.NextDelay(int.MaxValue));
    }

    [Fact]
    public void InitialDelayAboveMaxDelay_IsCappedFromTheFirstAttempt()
    {
        var policy = new ReconnectPolicy { InitialDelay = TimeSpan.FromMinutes(5), Jitter = () => 0.5 };

        Assert.Equal(TimeSpan.FromSeconds(15), policy.NextDelay(1));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void JitterOutsideZeroToOne_ThrowsNamingTheValue(double jitter)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>("random", () => Fixed(jitter).NextDelay(1));

        Assert.Contains($"must be in [0, 1); it was {jitter.ToString(System.Globalization.CultureInfo.InvariantCulture)}", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void AttemptBelowOne_ThrowsNamingTheValue(int attempt)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>("attempt", () => new ReconnectPolicy().NextDelay(attempt, 0.5));

        Assert.Contains($"at least 1; it was {attempt}", e.Message, StringComparison.Ordinal);
    }
}
