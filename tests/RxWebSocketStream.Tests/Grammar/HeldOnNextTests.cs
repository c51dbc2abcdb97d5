namespace RxWebSocketStream.Tests.Grammar;

/// <summary>
/// Issue 11, section 1, deterministic by construction: the peer's first message is delivered on a pool
/// thread to a subscriber whose <c>OnNext</c> is held on a gate; while it is inside, the connection is ended
/// on the test's thread (or by the peer, or by a second subscriber); then the gate opens. Whichever thread
/// ends the connection, the subscriber's terminal call must come after its <c>OnNext</c> has returned, once.
/// </summary>
public sealed class HeldOnNextTests
{
    [Theory]
    [MemberData(nameof(Endings.All), MemberType = typeof(Endings))]
    public async Task EndedWhileOnNextIsInside_TheTerminalCallComesOnceAfterOnNextReturns(Ending ending)
    {
        using var rig = await RaceRig.OpenAsync(ending);
        using var gate = new ManualResetEventSlim();
        var held = new GrammarCheckingObserver { OnNextGate = gate };
        var second = rig.SecondSubscriber();
        using var heldSubscription = rig.Connection.Subscribe(held);
        using var secondSubscription = rig.Connection.Subscribe(second);

        await rig.PeerSendAsync("hello");
        await held.FirstOnNextInside.Within();
        held.NameCurrentThread("the test's thread");
        rig.EndFromClient();
        await rig.EndFromPeerAsync().Within();
        var secondsNextCall = second.NextCall;
        gate.Set();

        // The second subscriber comes after the held one: its next call shows the delivery has moved on.
        await secondsNextCall.Within();
        await held.Ended.Within();
        await second.Ended.Within();
        await rig.SettleAsync();
        held.AssertGrammar();
        second.AssertGrammar();
        Assert.Equal(1, held.MessageCount);
        Assert.Equal(1, held.TerminalCalls);
        Assert.Equal(rig.ExpectedErrorCode, (held.Error as WebSocketConnectionException)?.CloseCode);
        Assert.Equal(rig.ExpectedErrorCode is null, held.Completed);
    }
}
