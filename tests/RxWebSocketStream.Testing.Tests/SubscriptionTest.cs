// A compatibility claim: tests/RxWebSocketStream.Testing.Differential compiles this file again against
// Microsoft.Reactive.Testing 3.1.1, so every test here must pass with either kit.
#if MICROSOFT_ORACLE
using Microsoft.Reactive.Testing;

namespace CompatibilityOnMicrosoftKit;
#else
namespace RxWebSocketStream.Testing.Tests;
#endif

public sealed class SubscriptionTest
{
    [Fact]
    public void Infinite_IsLongMaxValue() => Assert.Equal(long.MaxValue, Subscription.Infinite);

    [Fact]
    public void Constructor_SubscribeOnly_IsNeverUnsubscribed()
    {
        var subscription = new Subscription(200);

        Assert.Equal(200, subscription.Subscribe);
        Assert.Equal(Subscription.Infinite, subscription.Unsubscribe);
    }

    [Fact]
    public void Constructor_BothTimes_KeepsThem()
    {
        var subscription = new Subscription(200, 1000);

        Assert.Equal(200, subscription.Subscribe);
        Assert.Equal(1000, subscription.Unsubscribe);
    }

    [Fact]
    public void Equals_SameTimes_IsTrue()
    {
        var left = new Subscription(200, 1000);
        var right = new Subscription(200, 1000);

        Assert.True(left.Equals(right));
        Assert.True(left.Equals((object)right));
        Assert.True(left == right);
        Assert.False(left != right);
        Assert.Equal(new Subscription(200), new Subscription(200, Subscription.Infinite));
    }

    [Theory]
    [InlineData(201, 1000)]
    [InlineData(200, 999)]
    [InlineData(200, long.MaxValue)]
    public void Equals_DifferentTimes_IsFalse(long subscribe, long unsubscribe)
    {
        var left = new Subscription(200, 1000);
        var right = new Subscription(subscribe, unsubscribe);

        Assert.False(left.Equals(right));
        Assert.False(left == right);
        Assert.True(left != right);
    }

    [Fact]
    public void Equals_OtherTypeOrNull_IsFalse()
    {
        Assert.False(new Subscription(200).Equals(null));
        Assert.False(new Subscription(200).Equals((object)200L));
    }

    [Fact]
    public void GetHashCode_IsTheTimesHashesXored_AsInMicrosoftReactiveTesting()
    {
        Assert.Equal(new Subscription(200, 1000).GetHashCode(), new Subscription(200, 1000).GetHashCode());
        Assert.Equal(200L.GetHashCode() ^ 1000L.GetHashCode(), new Subscription(200, 1000).GetHashCode());
        Assert.Equal(200L.GetHashCode() ^ long.MaxValue.GetHashCode(), new Subscription(200).GetHashCode());
    }

    [Fact]
    public void ToString_ShowsBothTimes()
    {
        Assert.Equal("(200, 1000)", new Subscription(200, 1000).ToString());
    }

    [Fact]
    public void ToString_NeverUnsubscribed_ShowsInfinite()
    {
        Assert.Equal("(200, Infinite)", new Subscription(200).ToString());
    }
}
