using RxWebSocketStream.Testing;

namespace RxWebSocketStream.Tests.Scenarios;

/// <summary>
/// The behaviour spec in marbles/: every scenario file is one test case (adding a file adds a case),
/// run against a virtual peer in virtual time.
/// </summary>
public sealed class MarbleScenarioTests
{
    public static TheoryData<string> Scenarios()
    {
        var data = new TheoryData<string>();
        foreach (var file in ConnectionScenario.FindAll(MarblesFolder))
        {
            data.Add(Path.GetRelativePath(MarblesFolder, file).Replace('\\', '/'));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Scenario(string file) => Load(file).Run();

    /// <summary>
    /// The rules the spec must state (docs/behaviour.md), one file each. Adding a file adds a case
    /// without touching this list; deleting or renaming a required one fails <see cref="RequiredScenarios_AllExist"/>.
    /// </summary>
    public static readonly IReadOnlyList<string> RequiredScenarios =
    [
        // liveness
        "liveness/idle-timeout-closes-with-4000.marble",
        "liveness/keep-alive-answered-stays-open.marble",
        "liveness/keep-alive-timeout-aborts-a-silent-peer.marble",
        "liveness/no-idle-timeout-by-default.marble",

        // connecting
        "connecting/cancelled-after-open.marble",
        "connecting/cancelled-before-connect.marble",
        "connecting/cancelled-during-handshake.marble",
        "connecting/connect-opens-with-negotiated-protocol.marble",
        "connecting/connect-timeout.marble",
        "connecting/handshake-fails.marble",
        // receiving
        "receiving/fragmented-message-arrives-whole.marble",
        "receiving/late-messages-after-we-close-are-delivered.marble",
        "receiving/message-over-max-size-closes-1009.marble",
        "receiving/messages-in-wire-order.marble",
        "receiving/never-subscribed-is-not-closed-by-unsubscribe.marble",
        "receiving/nothing-read-before-first-subscriber.marble",
        "receiving/peer-drops-after-message.marble",
        "receiving/peer-drops-mid-message.marble",
        "receiving/subscribers-share-and-last-dispose-closes-1000.marble",
        "receiving/throwing-subscriber-closes-1011.marble",
        "receiving/throwing-subscriber-does-not-rob-the-others.marble",
        "receiving/subscriber-throwing-while-closing-is-reported.marble",
        "receiving/read-all-reads-on-demand.marble",
        "receiving/read-all-does-not-stall-the-close.marble",
        "connecting/wrapping-an-open-socket-is-open-at-once.marble",
        "connecting/no-protocol-selected-fails-the-handshake.marble",
        "closing/close-with-protocol-code.marble",
        "receiving/unsubscribe-close-configurable.marble",
        // sending
        "sending/send-after-close-refused.marble",
        "sending/send-buffer-overflow-drop-newest.marble",
        "sending/send-buffer-overflow-fail-closes-1011.marble",
        "sending/sends-before-open-are-sent-once-open-in-order.marble",
        "sending/sink-after-close-refused.marble",
        "sending/send-while-full-and-closing-is-refused.marble",
        "sending/send-waiting-for-room-gets-the-connections-error.marble",
        "sending/sink-complete-flushes-then-closes-1000.marble",
        "sending/sink-error-closes-with-its-code.marble",
        "sending/sink-error-other-closes-1011.marble",
        "sending/sink-messages-never-written-are-counted-on-close-timeout.marble",
        "sending/sink-messages-never-written-are-counted-on-drop.marble",
        // closing
        "closing/close-before-open-aborts-handshake.marble",
        "closing/close-is-idempotent-first-wins.marble",
        "closing/close-timeout-is-unclean-1006.marble",
        "closing/close-with-code-and-reason.marble",
        "closing/close-with-nothing-sends-an-empty-close.marble",
        "closing/close-with-nothing-on-a-bare-socket-sends-1000.marble",
        "closing/close-with-reason-only-sends-1000.marble",
        "closing/dispose-aborts-after-close-timeout.marble",
        "closing/dispose-closes-1000.marble",
        "closing/first-close-frame-received-wins.marble",
        "closing/peer-close-is-echoed.marble",
        "closing/queued-messages-flushed-before-close.marble",
        // hostile
        "hostile/close-body-of-1-byte.marble",
        "hostile/close-code-0.marble",
        "hostile/close-code-1004.marble",
        "hostile/close-code-1005.marble",
        "hostile/close-code-1006.marble",
        "hostile/close-code-1015.marble",
        "hostile/close-code-1016.marble",
        "hostile/close-code-1100.marble",
        "hostile/close-code-2000.marble",
        "hostile/close-code-2999.marble",
        "hostile/close-code-5000.marble",
        "hostile/close-code-65535.marble",
        "hostile/close-code-999.marble",
        "hostile/close-payload-of-126-bytes.marble",
        "hostile/close-reason-invalid-utf8.marble",
        "hostile/peer-empty-close-reports-1005.marble",
        "hostile/peer-empty-close-on-a-bare-socket-reports-1000.marble",
        "hostile/text-message-invalid-utf8.marble",
        // multiplexing
        "multiplexing/topics-are-reference-counted.marble",
        "multiplexing/a-new-first-subscriber-subscribes-again.marble",
        "multiplexing/no-unsubscribe-after-the-connection-ended.marble",
        "multiplexing/no-unsubscribe-while-we-are-closing.marble",
        "multiplexing/filters-route-each-topics-messages.marble",
        // reconnect (issue 7): one session over successive connections, one virtual peer per attempt
        "reconnect/back-off-timing-with-fixed-jitter.marble",
        "reconnect/stop-during-back-off.marble",
        "reconnect/no-reconnect-after-explicit-close.marble",
        "reconnect/no-reconnect-after-final-code.marble",
        "reconnect/gives-up-after-max-attempts.marble",
        "reconnect/queued-messages-sent-after-reconnect.marble",
        "reconnect/fail-fast-while-disconnected.marble",
        "reconnect/possibly-lost-is-reported-not-resent.marble",
        "reconnect/multiplex-resubscribes-after-reconnect.marble",
        // issue 11: the states end with the last connection's Closed, and each Closed tells whether a reconnect follows
        "reconnect/dispose-ends-the-states-with-closed.marble",
        "reconnect/closed-tells-whether-a-reconnect-follows.marble",
    ];

    [Fact]
    public void RequiredScenarios_AllExist()
    {
        var missing = RequiredScenarios.Where(f => !File.Exists(Path.Combine(MarblesFolder, f))).ToArray();

        Assert.True(missing.Length == 0, $"Required marble scenarios are missing from marbles/: {string.Join(", ", missing)}");
        Assert.Equal(RequiredScenarios.Count, RequiredScenarios.Distinct(StringComparer.Ordinal).Count());
    }

    /// <summary>
    /// docs/behaviour.md, "Time and scheduling": one scenario run 1,000 times gives the same recording every time. This one goes through
    /// a stalled peer, pending SendAsync and sink messages, a close queued behind them, a refused send and
    /// the peer's answer, so every run takes the same asynchronous path.
    /// </summary>
    [Fact]
    public void Scenario_Run1000Times_GivesTheSameRecordingEveryTime()
    {
        var file = Load("closing/queued-messages-flushed-before-close.marble");

        for (var i = 0; i < 1000; i++)
        {
            file.Run();
        }
    }

    internal static ConnectionScenario Load(string relative) =>
        ConnectionScenario.Load(Path.Combine(MarblesFolder, relative), $"marbles/{relative}");

    private static string MarblesFolder => Path.Combine(RepositoryRootFinder.Find(), "marbles");
}
