using System.Globalization;
using System.Reactive;

// A compatibility claim: tests/RxWebSocketStream.Testing.Differential compiles this file again against
// Microsoft.Reactive.Testing 3.1.1, so every test here must pass with either kit.
#if MICROSOFT_ORACLE
using Microsoft.Reactive.Testing;

namespace CompatibilityOnMicrosoftKit;
#else
namespace RxWebSocketStream.Testing.Tests;
#endif

public sealed class RecordedTest
{
    [Fact]
    public void Constructor_KeepsTimeAndValue()
    {
        var recorded = new Recorded<string>(210, "a");

        Assert.Equal(210, recorded.Time);
        Assert.Equal("a", recorded.Value);
    }

    [Fact]
    public void Equals_SameTimeAndValue_IsTrue()
    {
        var left = new Recorded<string>(210, "a");
        var right = new Recorded<string>(210, new string('a', 1));

        Assert.True(left.Equals(right));
        Assert.True(left.Equals((object)right));
        Assert.True(left == right);
        Assert.False(left != right);
    }

    [Theory]
    [InlineData(211, "a")]
    [InlineData(210, "b")]
    [InlineData(210, null)]
    public void Equals_DifferentTimeOrValue_IsFalse(long time, string? value)
    {
        var left = new Recorded<string?>(210, "a");
        var right = new Recorded<string?>(time, value);

        Assert.False(left.Equals(right));
        Assert.False(left == right);
        Assert.True(left != right);
    }

    [Fact]
    public void Equals_OtherTypeOrNull_IsFalse()
    {
        var recorded = new Recorded<int>(210, 1);

        Assert.False(recorded.Equals(null));
        Assert.False(recorded.Equals(new Recorded<long>(210, 1)));
        Assert.False(recorded.Equals((object)210));
    }

    [Fact]
    public void GetHashCode_EqualValues_HaveEqualHashes()
    {
        Assert.Equal(new Recorded<string>(210, "a").GetHashCode(), new Recorded<string>(210, new string('a', 1)).GetHashCode());
        Assert.Equal(new Recorded<string?>(210, null).GetHashCode(), new Recorded<string?>(210, null).GetHashCode());
        Assert.Equal(
            new Recorded<Notification<int>>(210, Notification.CreateOnNext(1)).GetHashCode(),
            new Recorded<Notification<int>>(210, Notification.CreateOnNext(1)).GetHashCode());
    }

    [Fact]
    public void GetHashCode_IsTimeHashPlusValueHash_AsInMicrosoftReactiveTesting()
    {
        Assert.Equal(210L.GetHashCode() + 42.GetHashCode(), new Recorded<int>(210, 42).GetHashCode());
        Assert.Equal(210L.GetHashCode(), new Recorded<string?>(210, null).GetHashCode());
    }

    [Fact]
    public void ToString_IsValueAtTime()
    {
        Assert.Equal("42@210", new Recorded<int>(210, 42).ToString());
        Assert.Equal("OnNext(42)@210", new Recorded<Notification<int>>(210, Notification.CreateOnNext(42)).ToString());
        Assert.Equal("OnCompleted()@250", new Recorded<Notification<int>>(250, Notification.CreateOnCompleted<int>()).ToString());
    }

    [Fact]
    public void ToString_UsesTheCurrentCulture()
    {
        var previous = CultureInfo.CurrentCulture;
        var commaDecimals = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        commaDecimals.NumberFormat.NumberDecimalSeparator = ",";
        CultureInfo.CurrentCulture = commaDecimals;
        try
        {
            Assert.Equal("1,5@210", new Recorded<double>(210, 1.5).ToString());
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}
