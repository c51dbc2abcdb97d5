using System.Diagnostics;
using System.Net.WebSockets;
using System.Reactive.Linq;
using System.Reactive.Threading.Tasks;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using RxWebSocketStream.Testing;

namespace RxWebSocketStream.Tests.Observability;

/// <summary>docs/observability.md, "Reconnecting sessions": every decision logged with why, attempts counted and spanned, in virtual time.</summary>
public sealed class SessionTelemetryTests
{
    [Fact]
    public async Task RetryThenGiveUp_EachDecisionLoggedWithWhy_AttemptsCountedAndSpanned()
    {
        using var telemetry = new Telemetry();
        var attempts = telemetry.Collect<long>("rxws.reconnect.attempts");
        var decisions = telemetry.Collect<long>("rxws.reconnect.decisions");
        var scheduler = new TestScheduler();
        var peers = new List<VirtualPeer>();
        var session = ReconnectingConnection.Create(
            attempt =>
            {
                // The first attempt opens; the second is refused.
                var peer = new VirtualPeer(scheduler, attempt.Number == 0 ? null : new VirtualPeerOptions { HandshakeFailure = new WebSocketException("refused") });
                peers.Add(peer);
                return WebSocketConnection.Connect(new Uri("ws://virtual.test/"), new WebSocketConnectionOptions
                {
                    Scheduler = scheduler,
                    SocketFactory = peer.ConnectAsync,
                    Cancellation = attempt.Cancellation,
                    MeterFactory = telemetry.MeterFactory,
                });
            },
            new ReconnectingConnectionOptions
            {
                Scheduler = scheduler,
                Policy = new ReconnectPolicy { InitialDelay = TimeSpan.FromMilliseconds(100), Jitter = () => 0.5, MaxAttempts = 1 },
                LoggerFactory = telemetry.LoggerFactory,
                MeterFactory = telemetry.MeterFactory,
            });

        Activity.Current = telemetry.Root;
        session.Start();
        Activity.Current = null;
        scheduler.AdvanceBy(TimeSpan.FromMilliseconds(10).Ticks);
        peers[0].Perform(PeerAction.Close(WebSocketCloseStatus.EndpointUnavailable));
        scheduler.AdvanceBy(TimeSpan.FromMilliseconds(100).Ticks);
        await session.States.LastAsync().ToTask().Within();

        var scheduled = telemetry.Event("ReconnectScheduled");
        Assert.Equal((102, LogLevel.Information), (scheduled.Id.Id, scheduled.Level));
        Assert.Equal(("0", "1001", "50", "1"), (scheduled.GetStructuredStateValue("Attempt"), scheduled.GetStructuredStateValue("CloseCode"), scheduled.GetStructuredStateValue("DelayMs"), scheduled.GetStructuredStateValue("NextAttempt")));
        Assert.Equal("the default rule retries close code 1001", scheduled.GetStructuredStateValue("Why"));
        var declined = telemetry.Event("ReconnectDeclined");
        Assert.Equal((103, LogLevel.Warning), (declined.Id.Id, declined.Level));
        Assert.Equal("MaxAttempts (1) reached", declined.GetStructuredStateValue("Why"));
        Assert.Equal(["0", "1"], telemetry.Events("AttemptStarting").Select(record => record.GetStructuredStateValue("Attempt")));

        Assert.Equal(
            [("initial", "opened"), ("reconnect", "failed")],
            attempts.GetMeasurementSnapshot().Select(m => ((string)m.Tags["rxws.attempt.kind"]!, (string)m.Tags["rxws.attempt.outcome"]!)));
        Assert.Equal(["retry", "give_up"], decisions.GetMeasurementSnapshot().Select(m => (string)m.Tags["rxws.reconnect.decision"]!));

        // Both attempts stay in the caller's trace, each the parent of its connection's connect span.
        var attemptSpans = telemetry.Spans("rxws.session.attempt");
        Assert.Equal([0, 1], attemptSpans.Select(span => (int)span.GetTagItem("rxws.attempt")!));
        Assert.All(attemptSpans, span => Assert.Equal(telemetry.Root.SpanId, span.ParentSpanId));
        Assert.Equal(attemptSpans.Select(span => span.SpanId), telemetry.Spans("rxws.connect").Select(span => span.ParentSpanId));
    }

    [Fact]
    public async Task ApplicationCodeNotListed_DeclinedWithTheReason()
    {
        using var telemetry = new Telemetry();
        var scheduler = new TestScheduler();
        var peer = new VirtualPeer(scheduler);
        var session = ReconnectingConnection.Create(
            attempt => WebSocketConnection.Connect(new Uri("ws://virtual.test/"), new() { Scheduler = scheduler, SocketFactory = peer.ConnectAsync }),
            new ReconnectingConnectionOptions { Scheduler = scheduler, LoggerFactory = telemetry.LoggerFactory });

        session.Start();
        scheduler.AdvanceBy(1);
        peer.Perform(PeerAction.Close((WebSocketCloseStatus)4001, "token expired"));
        scheduler.AdvanceBy(1);
        await session.States.LastAsync().ToTask().Within();

        Assert.Equal("close code 4001 is an application code not listed in RetryableCloseCodes", telemetry.Event("ReconnectDeclined").GetStructuredStateValue("Why"));
    }
}
