using System.Net.WebSockets;
using System.Text;

namespace RxWebSocketStream.Tests;

/// <summary>
/// docs/behaviour.md ("Closing"): Close is validated exactly as the browser's WebSocketStream.close(): code 1000 or
/// 3000-4999 (else ArgumentOutOfRangeException, the browser's InvalidAccessError), reason at most 123
/// UTF-8 bytes counting a lone surrogate as U+FFFD (else ArgumentException, the SyntaxError), the code
/// reported first, and validation happens even when the connection is already closed.
/// </summary>
public sealed class CloseValidationTests
{
    public static TheoryData<int> RejectedCodes => [-1, 0, 999, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1011, 1015, 1016, 2000, 2999, 5000, 65535, int.MinValue, int.MaxValue];

    public static TheoryData<int> AcceptedCodes => [1000, 3000, 3001, 4000, 4999];

    /// <summary>Reasons of exactly 123 and 124 UTF-8 bytes built from 1-, 2-, 3- and 4-byte characters and lone surrogates.</summary>
    public static TheoryData<string, string, int> Reasons => new()
    {
        { "1-byte", new string('a', 123), 123 },
        { "1-byte", new string('a', 124), 124 },
        { "2-byte", string.Concat(Enumerable.Repeat("é", 61)) + "a", 123 },
        { "2-byte", string.Concat(Enumerable.Repeat("é", 62)), 124 },
        { "3-byte", string.Concat(Enumerable.Repeat("€", 41)), 123 },
        { "3-byte", string.Concat(Enumerable.Repeat("€", 41)) + "a", 124 },
        { "4-byte", string.Concat(Enumerable.Repeat("😀", 30)) + "abc", 123 },
        { "4-byte", string.Concat(Enumerable.Repeat("😀", 31)), 124 },
        { "lone high surrogate", new string('\uD800', 41), 123 },
        { "lone low surrogate", new string('\uDC00', 41) + "a", 124 },
        { "lone surrogates", new string('\uD800', 42), 126 },
    };

    [Theory]
    [MemberData(nameof(RejectedCodes))]
    public void Close_CodeOutsideBrowserRange_ThrowsArgumentOutOfRangeNamingTheCode(int code)
    {
        var ws = ClosedConnection();

        var e = Assert.Throws<ArgumentOutOfRangeException>("closeInfo", () => ws.Close(new WebSocketCloseInfo(code, "why")));

        Assert.Contains($"The close code {code} is not allowed", e.Message, StringComparison.Ordinal);
        Assert.Contains("1000 or a code from 3000 to 4999", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(AcceptedCodes))]
    public void Close_CodeInBrowserRange_IsAccepted(int code)
    {
        var ws = ClosedConnection();

        ws.Close(new WebSocketCloseInfo(code, "why"));
    }

    [Theory]
    [MemberData(nameof(Reasons))]
    public void Close_Reason_AcceptedUpTo123Utf8BytesCountingLoneSurrogatesAsThree(string kind, string reason, int expectedBytes)
    {
        _ = kind;
        var ws = ClosedConnection();
        Assert.Equal(expectedBytes, Encoding.UTF8.GetByteCount(reason));

        var close = () => ws.Close(new WebSocketCloseInfo(4000, reason));

        if (expectedBytes <= 123)
        {
            close();
        }
        else
        {
            var e = Assert.Throws<ArgumentException>("closeInfo", close);
            Assert.StartsWith($"The close reason is {expectedBytes} UTF-8 bytes; at most 123 are allowed.", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Close_BadCodeAndBadReason_ReportsTheCode()
    {
        var ws = ClosedConnection();

        Assert.Throws<ArgumentOutOfRangeException>(() => ws.Close(new WebSocketCloseInfo(1005, new string('a', 200))));
    }

    [Fact]
    public void Close_ReasonWithoutCode_IsAccepted()
    {
        ClosedConnection().Close(new WebSocketCloseInfo(reason: "bye"));
    }

    [Theory]
    [InlineData(WebSocketCloseStatus.NormalClosure)]
    [InlineData(WebSocketCloseStatus.EndpointUnavailable)]
    [InlineData(WebSocketCloseStatus.ProtocolError)]
    [InlineData(WebSocketCloseStatus.InvalidMessageType)]
    [InlineData(WebSocketCloseStatus.InvalidPayloadData)]
    [InlineData(WebSocketCloseStatus.PolicyViolation)]
    [InlineData(WebSocketCloseStatus.MessageTooBig)]
    [InlineData(WebSocketCloseStatus.MandatoryExtension)]
    [InlineData(WebSocketCloseStatus.InternalServerError)]
    [InlineData((WebSocketCloseStatus)1012)]
    [InlineData((WebSocketCloseStatus)1013)]
    [InlineData((WebSocketCloseStatus)1014)]
    [InlineData((WebSocketCloseStatus)3000)]
    [InlineData((WebSocketCloseStatus)4999)]
    public void ForProtocol_RegisteredOrApplicationCode_IsAcceptedByClose(WebSocketCloseStatus status)
    {
        var info = WebSocketCloseInfo.ForProtocol(status, "server shutting down");

        Assert.True(info.IsProtocolCode);
        Assert.Equal((int)status, info.Code);
        ClosedConnection().Close(info);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(999)]
    [InlineData(1004)]
    [InlineData(1005)]
    [InlineData(1006)]
    [InlineData(1015)]
    [InlineData(1016)]
    [InlineData(2999)]
    [InlineData(5000)]
    [InlineData(65535)]
    public void ForProtocol_CodeRfc6455ForbidsSending_Throws(int code)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>("status", () => WebSocketCloseInfo.ForProtocol((WebSocketCloseStatus)code));

        Assert.Contains($"The close code {code} may not be sent", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForProtocol_ReasonOver123Bytes_Throws()
    {
        Assert.Throws<ArgumentException>("reason", () => WebSocketCloseInfo.ForProtocol(WebSocketCloseStatus.PolicyViolation, new string('€', 42)));
    }

    [Theory]
    [MemberData(nameof(RejectedCodes))]
    public void ConnectionException_ValidatesLikeClose(int code)
    {
        Assert.Throws<ArgumentOutOfRangeException>("closeCode", () => new WebSocketConnectionException("bad", code));
    }

    [Fact]
    public void ConnectionException_ReasonWithoutCode_Gives1000()
    {
        var e = new WebSocketConnectionException("bye", closeCode: null, reason: "done");

        Assert.Equal(1000, e.CloseCode);
        Assert.Equal("done", e.Reason);
    }

    [Fact]
    public void ConnectionException_ReasonOver123Bytes_Throws()
    {
        Assert.Throws<ArgumentException>("reason", () => new WebSocketConnectionException("bad", 4000, new string('a', 124)));
    }

    [Fact]
    public void UnsubscribeCloseInfo_ValidatedWhenSet()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WebSocketConnectionOptions { UnsubscribeCloseInfo = new WebSocketCloseInfo(1001) });
        Assert.Equal(1001, new WebSocketConnectionOptions { UnsubscribeCloseInfo = WebSocketCloseInfo.ForProtocol(WebSocketCloseStatus.EndpointUnavailable) }.UnsubscribeCloseInfo.Code);
    }

    /// <summary>A connection that never connected (its token was already cancelled): validation must still run.</summary>
    private static WebSocketConnection ClosedConnection() =>
        WebSocketConnection.Connect(new Uri("ws://127.0.0.1:9/"), new() { Cancellation = new CancellationToken(canceled: true) });
}
