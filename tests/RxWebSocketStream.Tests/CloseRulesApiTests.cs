using System.Net.WebSockets;

namespace RxWebSocketStream.Tests;

/// <summary>
/// The close rules as public API (docs/behaviour.md, "Closing"): <see cref="WebSocketCloseCodes"/> names the codes
/// and holds the two code rules, <see cref="WebSocketCloseInfo.TryValidate"/> and
/// <see cref="WebSocketCloseInfo.TryValidateForProtocol"/> check without throwing, and each agrees with the throwing
/// door it mirrors (<see cref="WebSocketConnection.Close(WebSocketCloseInfo?)"/>, <see cref="WebSocketCloseInfo.ForProtocol"/>),
/// message for message.
/// </summary>
public sealed class CloseRulesApiTests
{
    [Fact]
    public void Codes_HaveTheirRfc6455Values_AndAgreeWithTheBclWhereItNamesThem()
    {
        Assert.Equal(
            [1000, 1001, 1002, 1003, 1005, 1006, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 1015, 3000, 4999],
            [
                WebSocketCloseCodes.NormalClosure, WebSocketCloseCodes.GoingAway, WebSocketCloseCodes.ProtocolError,
                WebSocketCloseCodes.UnsupportedData, WebSocketCloseCodes.NoStatusReceived, WebSocketCloseCodes.AbnormalClosure,
                WebSocketCloseCodes.InvalidPayloadData, WebSocketCloseCodes.PolicyViolation, WebSocketCloseCodes.MessageTooBig,
                WebSocketCloseCodes.MandatoryExtension, WebSocketCloseCodes.InternalError, WebSocketCloseCodes.ServiceRestart,
                WebSocketCloseCodes.TryAgainLater, WebSocketCloseCodes.BadGateway, WebSocketCloseCodes.TlsHandshakeFailure,
                WebSocketCloseCodes.MinApplicationCode, WebSocketCloseCodes.MaxApplicationCode,
            ]);
        Assert.Equal((int)WebSocketCloseStatus.NormalClosure, WebSocketCloseCodes.NormalClosure);
        Assert.Equal((int)WebSocketCloseStatus.EndpointUnavailable, WebSocketCloseCodes.GoingAway);
        Assert.Equal((int)WebSocketCloseStatus.ProtocolError, WebSocketCloseCodes.ProtocolError);
        Assert.Equal((int)WebSocketCloseStatus.InvalidMessageType, WebSocketCloseCodes.UnsupportedData);
        Assert.Equal((int)WebSocketCloseStatus.Empty, WebSocketCloseCodes.NoStatusReceived);
        Assert.Equal((int)WebSocketCloseStatus.InvalidPayloadData, WebSocketCloseCodes.InvalidPayloadData);
        Assert.Equal((int)WebSocketCloseStatus.PolicyViolation, WebSocketCloseCodes.PolicyViolation);
        Assert.Equal((int)WebSocketCloseStatus.MessageTooBig, WebSocketCloseCodes.MessageTooBig);
        Assert.Equal((int)WebSocketCloseStatus.MandatoryExtension, WebSocketCloseCodes.MandatoryExtension);
        Assert.Equal((int)WebSocketCloseStatus.InternalServerError, WebSocketCloseCodes.InternalError);
        Assert.Equal(123, WebSocketCloseInfo.MaxReasonBytes);
    }

    [Theory]
    [InlineData(int.MinValue, false)]
    [InlineData(0, false)]
    [InlineData(999, false)]
    [InlineData(1000, true)]
    [InlineData(1001, false)]
    [InlineData(1011, false)]
    [InlineData(2999, false)]
    [InlineData(3000, true)]
    [InlineData(4000, true)]
    [InlineData(4999, true)]
    [InlineData(5000, false)]
    [InlineData(int.MaxValue, false)]
    public void IsValidForApplication_IsTheBrowsersRule_AndTryValidateAgreesWithClose(int code, bool valid)
    {
        Assert.Equal(valid, WebSocketCloseCodes.IsValidForApplication(code));

        Assert.Equal(valid, WebSocketCloseInfo.TryValidate(code, "why", out var problem));
        var thrown = Record.Exception(() => ClosedConnection().Close(new WebSocketCloseInfo(code, "why")));
        if (valid)
        {
            Assert.Null(problem);
            Assert.Null(thrown);
        }
        else
        {
            Assert.Equal($"The close code {code} is not allowed: an application may close with 1000 or a code from 3000 to 4999 (use WebSocketCloseInfo.ForProtocol for the codes RFC 6455 registers).", problem);
            Assert.StartsWith(problem!, Assert.IsType<ArgumentOutOfRangeException>(thrown).Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(999, false)]
    [InlineData(1000, true)]
    [InlineData(1001, true)]
    [InlineData(1003, true)]
    [InlineData(1004, false)]
    [InlineData(1005, false)]
    [InlineData(1006, false)]
    [InlineData(1007, true)]
    [InlineData(1014, true)]
    [InlineData(1015, false)]
    [InlineData(1016, false)]
    [InlineData(2999, false)]
    [InlineData(3000, true)]
    [InlineData(4999, true)]
    [InlineData(5000, false)]
    public void IsValidForProtocol_IsRfc6455sSendingRule_AndTryValidateForProtocolAgreesWithForProtocol(int code, bool valid)
    {
        Assert.Equal(valid, WebSocketCloseCodes.IsValidForProtocol(code));

        Assert.Equal(valid, WebSocketCloseInfo.TryValidateForProtocol(code, "why", out var problem));
        var thrown = Record.Exception(() => WebSocketCloseInfo.ForProtocol((WebSocketCloseStatus)code, "why"));
        if (valid)
        {
            Assert.Null(problem);
            Assert.Null(thrown);
        }
        else
        {
            Assert.StartsWith($"The close code {code} may not be sent: RFC 6455 allows 1000-1003, 1007-1014 and 3000-4999", problem, StringComparison.Ordinal);
            Assert.StartsWith(problem!, Assert.IsType<ArgumentOutOfRangeException>(thrown).Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("bye")]
    public void TryValidate_NoCode_IsValid(string? reason)
    {
        Assert.True(WebSocketCloseInfo.TryValidate(null, reason, out var problem));
        Assert.Null(problem);
    }

    /// <summary>The reasons of exactly 123 and 124 UTF-8 bytes (and 42 lone surrogates, 126) that <c>Close</c> is tested with.</summary>
    [Theory]
    [MemberData(nameof(CloseValidationTests.Reasons), MemberType = typeof(CloseValidationTests))]
    public void TryValidate_Reason_AtMost123Utf8Bytes_QuotingTheSizeAndTheLimit(string kind, string reason, int bytes)
    {
        _ = kind;
        var valid = bytes <= WebSocketCloseInfo.MaxReasonBytes;

        Assert.Equal(valid, WebSocketCloseInfo.TryValidate(4000, reason, out var problem));
        Assert.Equal(valid, WebSocketCloseInfo.TryValidate(null, reason, out var withoutCode));
        Assert.Equal(valid, WebSocketCloseInfo.TryValidateForProtocol(WebSocketCloseCodes.PolicyViolation, reason, out var forProtocol));
        var expected = valid ? null : $"The close reason is {bytes} UTF-8 bytes; at most 123 are allowed.";
        Assert.Equal(expected, problem);
        Assert.Equal(expected, withoutCode);
        Assert.Equal(expected, forProtocol);

        var thrown = Record.Exception(() => ClosedConnection().Close(new WebSocketCloseInfo(4000, reason)));
        if (valid)
        {
            Assert.Null(thrown);
        }
        else
        {
            Assert.StartsWith(expected!, Assert.IsType<ArgumentException>(thrown).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TryValidate_BadCodeAndBadReason_ReportsTheCode_AsCloseDoes()
    {
        var reason = new string('a', 200);

        Assert.False(WebSocketCloseInfo.TryValidate(5000, reason, out var problem));
        Assert.StartsWith("The close code 5000 is not allowed", problem, StringComparison.Ordinal);
        Assert.False(WebSocketCloseInfo.TryValidateForProtocol(1005, reason, out var forProtocol));
        Assert.StartsWith("The close code 1005 may not be sent", forProtocol, StringComparison.Ordinal);
    }

    private static WebSocketConnection ClosedConnection() =>
        WebSocketConnection.Connect(new Uri("ws://127.0.0.1:9/"), new() { Cancellation = new CancellationToken(canceled: true) });
}
