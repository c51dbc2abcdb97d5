namespace RxWebSocketStream.Testing.Tests;

/// <summary>Where <see cref="Recorded{T}"/> deliberately differs from Microsoft.Reactive.Testing's.</summary>
public sealed class RecordedKitTest
{
    [Fact]
    public void ToString_NullValue_PrintsOnlyTheTime()
    {
        Assert.Equal("@210", new Recorded<string?>(210, null).ToString());
    }
}
