namespace RxWebSocketStream.Tests.Grammar;

/// <summary>
/// Issue 11, section 1, for <c>ReadAllAsync</c> consumers: the connection ended while the consumer holds a
/// message, from every side, must leave the consumer's view consistent (the message in hand unchanged, one
/// end, nothing after it). Deterministic like <see cref="HeldOnNextTests"/>: the consumer's body, which runs
/// inline on the receive loop's pool thread, is held on a gate while the test ends the connection.
/// </summary>
public sealed class ReaderGrammarTests
{
    [Theory]
    [MemberData(nameof(Endings.All), MemberType = typeof(Endings))]
    public async Task EndedWhileTheConsumerHoldsAMessage_OneEndAndNothingAfterIt(Ending ending)
    {
        using var rig = await RaceRig.OpenAsync(ending);
        using var gate = new ManualResetEventSlim();
        var reader = CheckedReader.Start(rig.Connection, gate);
        var second = rig.SecondSubscriber();
        using var secondSubscription = rig.Connection.Subscribe(second);

        await rig.PeerSendAsync("hello");
        await reader.FirstMessageInside.Within();
        rig.EndFromClient();
        await rig.EndFromPeerAsync().Within();
        var secondsNextCall = second.NextCall;
        gate.Set();

        // The second subscriber comes after the held one: its next call shows the delivery has moved on.
        await secondsNextCall.Within();
        await reader.Ended.Within();
        await second.Ended.Within();
        await rig.SettleAsync();
        reader.AssertGrammar();
        second.AssertGrammar();
        Assert.Equal(1, reader.MessageCount);
        Assert.Equal(rig.ExpectedErrorCode, (reader.Error as WebSocketConnectionException)?.CloseCode);
        Assert.Equal(rig.ExpectedErrorCode is null, reader.Error is null);
    }
}
