namespace RxWebSocketStream.Tests;

/// <summary>docs/behaviour.md ("Connecting"): the URL and the sub-protocols are checked synchronously, before any network traffic.</summary>
public sealed class HandshakeValidationTests
{
    private static readonly WebSocketConnectionOptions NeverConnect = new() { Cancellation = new CancellationToken(canceled: true) };

    [Theory]
    [InlineData("ftp://127.0.0.1/", "scheme 'ftp' is not supported")]
    [InlineData("file:///tmp/x", "scheme 'file' is not supported")]
    [InlineData("ws://127.0.0.1/#frag", "has a fragment")]
    [InlineData("ws://127.0.0.1/#", "has a fragment")]
    [InlineData("wss://127.0.0.1/path#", "has a fragment")]
    public void Connect_InvalidUrl_ThrowsArgumentExceptionNamingTheProblem(string url, string problem)
    {
        var e = Assert.Throws<ArgumentException>("url", () => WebSocketConnection.Connect(new Uri(url), NeverConnect));

        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Connect_RelativeUrl_Throws()
    {
        var e = Assert.Throws<ArgumentException>("url", () => WebSocketConnection.Connect(new Uri("/echo", UriKind.Relative), NeverConnect));

        Assert.Contains("relative", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Connect_NullUrl_Throws()
    {
        Assert.Throws<ArgumentNullException>("url", () => WebSocketConnection.Connect(null!, NeverConnect));
    }

    [Theory]
    [InlineData("ws://127.0.0.1/")]
    [InlineData("WSS://127.0.0.1/")]
    [InlineData("http://127.0.0.1/")]
    [InlineData("HTTPS://127.0.0.1/")]
    public void Connect_SupportedScheme_IsAccepted(string url)
    {
        WebSocketConnection.Connect(new Uri(url), NeverConnect);
    }

    [Theory]
    [InlineData("http://example.org:8080/a?b=c", "ws://example.org:8080/a?b=c")]
    [InlineData("https://example.org/a", "wss://example.org/a")]
    [InlineData("HTTP://example.org/", "ws://example.org/")]
    [InlineData("ws://example.org/", "ws://example.org/")]
    public void NormalizeUrl_MapsHttpToWs(string url, string expected)
    {
        Assert.Equal(new Uri(expected), Internal.HandshakeValidation.NormalizeUrl(new Uri(url), "url"));
    }

    [Fact]
    public void Connect_ValidTokenProtocols_AreAccepted()
    {
        WebSocketConnection.Connect(new Uri("ws://127.0.0.1/"), new() { Protocols = ["v1.chat", "x-custom!#$%&'*+-.^_`|~"], Cancellation = new CancellationToken(true) });
    }

    [Fact]
    public async Task Connect_TokenAlreadyCancelled_OpenedAndClosedFaultWithOperationCanceled()
    {
        var ws = WebSocketConnection.Connect(new Uri("ws://127.0.0.1:9/"), NeverConnect);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ws.Opened);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ws.Closed);
    }
}
