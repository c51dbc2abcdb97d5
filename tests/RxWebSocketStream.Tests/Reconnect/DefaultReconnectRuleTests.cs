using System.Net.Sockets;
using System.Net.WebSockets;

namespace RxWebSocketStream.Tests.Reconnect;

/// <summary>Each rule of <see cref="ReconnectPolicy.IsRetriedByDefault(ConnectionEnd)"/>, and how the policy applies it.</summary>
public sealed class DefaultReconnectRuleTests
{
    private static readonly ReconnectPolicy Policy = new();

    private static ConnectionEnd PeerClosed(int? code) => ConnectionEnd.Closed(1, new WebSocketCloseInfo(code, "why"), CloseInitiator.Peer);

    private static ConnectionEnd Failed(Exception error) => ConnectionEnd.Failed(1, error);

    [Theory]
    [InlineData(1001)] // going away
    [InlineData(1011)] // server error
    [InlineData(1012)] // service restart
    [InlineData(1013)] // try again later
    public void PeerCloseWithATransientCode_IsRetried(int code)
    {
        Assert.True(Policy.IsRetriedByDefault(PeerClosed(code)));
        Assert.True(Policy.IsRetriedByDefault(Failed(WebSocketConnectionException.Report("closed", code))));
    }

    [Theory]
    [InlineData(1000)] // the peer chose to end the session
    [InlineData(1005)] // a close frame without a code
    [InlineData(1002)] // protocol error: a new connection would repeat it
    [InlineData(1003)]
    [InlineData(1007)]
    [InlineData(1008)]
    [InlineData(1009)]
    [InlineData(1010)]
    [InlineData(1014)]
    [InlineData(3000)] // application-defined codes are final unless listed
    [InlineData(4000)]
    [InlineData(4999)]
    public void PeerCloseWithAFinalCode_IsNotRetried(int code)
    {
        Assert.False(Policy.IsRetriedByDefault(PeerClosed(code)));
        Assert.False(Policy.IsRetriedByDefault(Failed(WebSocketConnectionException.Report("closed", code))));
    }

    [Fact]
    public void PeerCloseWithoutACode_IsNotRetried()
    {
        Assert.False(Policy.IsRetriedByDefault(PeerClosed(null)));
    }

    [Fact]
    public void ConnectionLost1006_IsRetried()
    {
        Assert.True(Policy.IsRetriedByDefault(Failed(WebSocketConnectionException.Report("lost", 1006))));
        Assert.True(Policy.IsRetriedByDefault(ConnectionEnd.Closed(3, new WebSocketCloseInfo(1006), CloseInitiator.Unknown)));
    }

    [Fact]
    public void HandshakeFailureWithoutACode_IsRetried()
    {
        var refused = WebSocketConnectionException.Report("refused", closeCode: null, innerException: new SocketException((int)SocketError.ConnectionRefused));

        Assert.True(Policy.IsRetriedByDefault(Failed(refused)));
    }

    public static TheoryData<Exception> TransportFailures => new()
    {
        new WebSocketException(WebSocketError.ConnectionClosedPrematurely),
        new IOException("reset"),
        new SocketException((int)SocketError.ConnectionReset),
        new HttpRequestException("503"),
        new TimeoutException(),
    };

    [Theory]
    [MemberData(nameof(TransportFailures))]
    public void TransportExceptionFromConnecting_IsRetried(Exception error)
    {
        Assert.True(Policy.IsRetriedByDefault(Failed(error)));
    }

    public static TheoryData<Exception> OtherFailures => new()
    {
        new OperationCanceledException(),
        new ArgumentException("bad url"),
        new InvalidOperationException("bug"),
    };

    [Theory]
    [MemberData(nameof(OtherFailures))]
    public void CancellationOrProgrammingError_IsNotRetried(Exception error)
    {
        Assert.False(Policy.IsRetriedByDefault(Failed(error)));
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(1001)]
    [InlineData(1006)]
    [InlineData(1011)]
    [InlineData(4000)]
    public void EndStartedByTheApplication_IsNeverRetried(int code)
    {
        // Even a code that is otherwise retried: an explicit close whose handshake then failed (1006) means stop.
        Assert.False(Policy.IsRetriedByDefault(ConnectionEnd.Closed(1, new WebSocketCloseInfo(code), CloseInitiator.Application)));
        Assert.False(Policy.IsRetriedByDefault(ConnectionEnd.Failed(1, WebSocketConnectionException.Report("closing", code), CloseInitiator.Application)));
        Assert.False(Policy.IsRetriedByDefault(ConnectionEnd.Failed(1, new IOException("reset while closing"), CloseInitiator.Application)));
    }

    [Fact]
    public void ApplicationCodesListedAsRetryable_AreRetried_OthersStayFinal()
    {
        var policy = new ReconnectPolicy { RetryableCloseCodes = new HashSet<int> { 4001, 3500 } };

        Assert.True(policy.IsRetriedByDefault(PeerClosed(4001)));
        Assert.True(policy.IsRetriedByDefault(PeerClosed(3500)));
        Assert.True(policy.IsRetriedByDefault(Failed(WebSocketConnectionException.Report("closed", 4001))));
        Assert.False(policy.IsRetriedByDefault(PeerClosed(4002)));
        Assert.False(policy.IsRetriedByDefault(ConnectionEnd.Closed(1, new WebSocketCloseInfo(4001), CloseInitiator.Application)));
    }

    [Fact]
    public void ReconnectDelay_UsesTheRuleThenTheBackOffOfTheEndsAttempt()
    {
        var policy = new ReconnectPolicy { Jitter = () => 0.5, MaxAttempts = 3 };

        Assert.Equal(TimeSpan.FromSeconds(1), policy.ReconnectDelay(ConnectionEnd.Closed(2, new WebSocketCloseInfo(1012), CloseInitiator.Peer)));
        Assert.Null(policy.ReconnectDelay(ConnectionEnd.Closed(2, new WebSocketCloseInfo(1000), CloseInitiator.Peer)));
        Assert.Null(policy.ReconnectDelay(ConnectionEnd.Closed(4, new WebSocketCloseInfo(1012), CloseInitiator.Peer)));
    }

    [Fact]
    public void CustomRule_ReplacesTheDefault_AndCanFallBackToIt()
    {
        var basePolicy = new ReconnectPolicy { Jitter = () => 0.5 };
        var seen = new List<ConnectionEnd>();
        var policy = basePolicy with
        {
            // Retry "4401 token expired" (after the app refreshes it) on top of the defaults; never retry 1001.
            ShouldReconnect = end =>
            {
                seen.Add(end);
                return end.CloseCode == 4401 || (end.CloseCode != 1001 && basePolicy.IsRetriedByDefault(end));
            },
        };
        var expired = PeerClosed(4401);

        Assert.Equal(TimeSpan.FromSeconds(0.5), policy.ReconnectDelay(expired));
        Assert.Null(policy.ReconnectDelay(PeerClosed(1001)));
        Assert.NotNull(policy.ReconnectDelay(PeerClosed(1012)));
        Assert.Same(expired, seen[0]);
        Assert.Equal(3, seen.Count);
    }

    [Fact]
    public void ConnectionEnd_ReportsTheCodeOfACloseOrOfAFailure()
    {
        Assert.Equal(4000, PeerClosed(4000).CloseCode);
        Assert.Equal(1006, Failed(WebSocketConnectionException.Report("lost", 1006)).CloseCode);
        Assert.Null(Failed(new IOException()).CloseCode);
        Assert.Null(Failed(new IOException()).CloseInfo);
        Assert.Null(PeerClosed(1000).Error);
    }
}
