using System.Diagnostics;
using System.Net.WebSockets;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using RxWebSocketStream.Testing;

namespace RxWebSocketStream.Tests.Observability;

/// <summary>
/// docs/observability.md: every log event, instrument and span of one connection, in virtual time against a
/// <see cref="VirtualPeer"/>: durations are the scheduler's, so they are exact.
/// </summary>
public sealed class ConnectionTelemetryTests
{
    private static readonly TimeSpan HandshakeDelay = TimeSpan.FromMilliseconds(250);

    [Fact]
    public async Task OpenMessagesAndCleanClose_AreLoggedCountedAndSpanned_WithoutTheQueryOrCredentials()
    {
        using var telemetry = new Telemetry();
        var active = telemetry.Collect<long>("rxws.active_connections");
        var handshake = telemetry.Collect<double>("rxws.handshake.duration");
        var duration = telemetry.Collect<double>("rxws.connection.duration");
        var received = telemetry.Collect<long>("rxws.messages.received");
        var bytesReceived = telemetry.Collect<long>("rxws.bytes.received");
        var sent = telemetry.Collect<long>("rxws.messages.sent");
        var bytesSent = telemetry.Collect<long>("rxws.bytes.sent");
        var queue = telemetry.Collect<long>("rxws.send_queue.depth");
        var closes = telemetry.Collect<long>("rxws.connection.closes");
        var scheduler = new TestScheduler();
        var peer = new VirtualPeer(scheduler, new() { HandshakeDelay = HandshakeDelay, SubProtocol = "chat" });

        Activity.Current = telemetry.Root;
        var ws = WebSocketConnection.Connect(new Uri("ws://user:secret@virtual.test/feed?token=abc"), Options(telemetry, scheduler, peer, protocols: ["chat"]));
        Activity.Current = null;
        var recorder = new Recorder();
        ws.Subscribe(recorder);

        Assert.Equal("ws://virtual.test/feed", telemetry.Event("Connecting").GetStructuredStateValue("Url"));
        scheduler.AdvanceBy(HandshakeDelay.Ticks);
        await ws.Opened.Within();

        var connected = telemetry.Event("Connected");
        Assert.Equal(LogLevel.Information, connected.Level);
        Assert.Equal(2, connected.Id.Id);
        Assert.Equal("250", connected.GetStructuredStateValue("ElapsedMs"));
        Assert.Equal("chat", connected.GetStructuredStateValue("SubProtocol"));
        Assert.DoesNotContain(telemetry.Logs.GetSnapshot(), record => record.Message.Contains("token", StringComparison.Ordinal) || record.Message.Contains("secret", StringComparison.Ordinal));
        Assert.Equal(0.25, Assert.Single(handshake.GetMeasurementSnapshot()).Value);
        Assert.Equal("success", Assert.Single(handshake.GetMeasurementSnapshot()).Tags["rxws.handshake.outcome"]);
        Assert.Equal(1, active.LastMeasurement!.Value);
        Assert.Equal("client", active.LastMeasurement.Tags["rxws.role"]);

        peer.Perform(PeerAction.Text("héllo"));
        peer.Perform(PeerAction.Binary([1, 2, 3]));
        ws.Sink.OnNext(Message.FromText("hi"));
        scheduler.AdvanceBy(TimeSpan.FromSeconds(2).Ticks - 1);

        Assert.Equal(2, received.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(["text", "binary"], received.GetMeasurementSnapshot().Select(m => m.Tags["rxws.message.type"]));
        Assert.Equal(6 + 3, bytesReceived.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(1, sent.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(2, bytesSent.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal([1L, -1L], queue.GetMeasurementSnapshot().Select(m => m.Value));

        ws.Close(new WebSocketCloseInfo(1000, "bye"));
        scheduler.AdvanceBy(1);
        await ws.Closed.Within();

        var closing = telemetry.Event("Closing");
        Assert.Equal("local", closing.GetStructuredStateValue("Initiator"));
        var closed = telemetry.Event("Closed");
        Assert.Equal((6, LogLevel.Information), (closed.Id.Id, closed.Level));
        Assert.Equal("1000", closed.GetStructuredStateValue("CloseCode"));
        Assert.Equal("bye", closed.GetStructuredStateValue("CloseReason"));
        Assert.Equal("0", closed.GetStructuredStateValue("UnsentCount"));
        Assert.Equal("2", closed.GetStructuredStateValue("DurationSeconds"));
        Assert.Equal([1L, -1L], active.GetMeasurementSnapshot().Select(m => m.Value));
        var lived = Assert.Single(duration.GetMeasurementSnapshot());
        Assert.Equal(2.0, lived.Value);
        Assert.Equal(("local", true), (lived.Tags["rxws.close.initiator"], lived.Tags["rxws.close.clean"]));
        var close = Assert.Single(closes.GetMeasurementSnapshot());
        Assert.Equal(("normal", "local"), (close.Tags["rxws.close.code_class"], close.Tags["rxws.close.initiator"]));

        // Spans in virtual time: the connect span is a child of the caller's activity, the close span links to it.
        var connect = Assert.Single(telemetry.Spans("rxws.connect"));
        Assert.Equal(telemetry.Root.SpanId, connect.ParentSpanId);
        Assert.Equal(HandshakeDelay, connect.Duration);
        Assert.Equal(ActivityStatusCode.Ok, connect.Status);
        Assert.Equal("ws://virtual.test/feed", connect.GetTagItem("url.full"));
        Assert.Equal("chat", connect.GetTagItem("rxws.sub_protocol"));
        var closeSpan = Assert.Single(telemetry.Spans("rxws.close"));
        Assert.Equal(connect.SpanId, Assert.Single(closeSpan.Links).Context.SpanId);
        Assert.Equal(("local", true), (closeSpan.GetTagItem("rxws.close.initiator"), closeSpan.GetTagItem("rxws.close.clean")));
        Assert.Null(Activity.Current);
    }

    [Fact]
    public async Task PeerStartsTheClose_InitiatorIsPeer_CodeClassGoingAway()
    {
        using var telemetry = new Telemetry();
        var closes = telemetry.Collect<long>("rxws.connection.closes");
        var (scheduler, peer, ws) = Open(telemetry);

        peer.Perform(PeerAction.Close(WebSocketCloseStatus.EndpointUnavailable, "restart"));
        scheduler.AdvanceBy(1);
        await ws.Closed.Within();

        Assert.Equal("peer", telemetry.Event("Closing").GetStructuredStateValue("Initiator"));
        Assert.Equal("peer", telemetry.Event("Closed").GetStructuredStateValue("Initiator"));
        var close = Assert.Single(closes.GetMeasurementSnapshot());
        Assert.Equal(("going_away", "peer"), (close.Tags["rxws.close.code_class"], close.Tags["rxws.close.initiator"]));
    }

    [Fact]
    public async Task HandshakeFails_ConnectFailedWarning_HandshakeTimedAsFailure_UnsentCounted()
    {
        using var telemetry = new Telemetry();
        var handshake = telemetry.Collect<double>("rxws.handshake.duration");
        var unsent = telemetry.Collect<long>("rxws.messages.unsent");
        var active = telemetry.Collect<long>("rxws.active_connections");
        var scheduler = new TestScheduler();
        var peer = new VirtualPeer(scheduler, new() { HandshakeDelay = HandshakeDelay, HandshakeFailure = new WebSocketException("refused") });

        Activity.Current = telemetry.Root;
        var ws = WebSocketConnection.Connect(new Uri("ws://virtual.test/"), Options(telemetry, scheduler, peer));
        Activity.Current = null;
        ws.Sink.OnNext(Message.FromText("queued before open"));
        scheduler.AdvanceBy(HandshakeDelay.Ticks);
        await Assert.ThrowsAsync<WebSocketConnectionException>(() => ws.Closed.Within());

        var failed = telemetry.Event("ConnectFailed");
        Assert.Equal((3, LogLevel.Warning), (failed.Id.Id, failed.Level));
        Assert.Equal("250", failed.GetStructuredStateValue("ElapsedMs"));
        Assert.IsType<WebSocketException>(failed.Exception);
        var measured = Assert.Single(handshake.GetMeasurementSnapshot());
        Assert.Equal((0.25, "failure"), (measured.Value, measured.Tags["rxws.handshake.outcome"]));
        Assert.Equal(1, unsent.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Empty(active.GetMeasurementSnapshot());
        Assert.Empty(telemetry.Events("Closed"));
        Assert.Equal(ActivityStatusCode.Error, Assert.Single(telemetry.Spans("rxws.connect")).Status);
    }

    [Fact]
    public async Task ConnectTimeout_IsLoggedWithItsReason()
    {
        using var telemetry = new Telemetry();
        var scheduler = new TestScheduler();
        var peer = new VirtualPeer(scheduler, new() { HandshakeDelay = TimeSpan.FromSeconds(10) });
        var ws = WebSocketConnection.Connect(new Uri("ws://virtual.test/"), new WebSocketConnectionOptions
        {
            Scheduler = scheduler,
            SocketFactory = peer.ConnectAsync,
            LoggerFactory = telemetry.LoggerFactory,
            MeterFactory = telemetry.MeterFactory,
            ConnectTimeout = TimeSpan.FromSeconds(1),
        });

        scheduler.AdvanceBy(TimeSpan.FromSeconds(1).Ticks);
        await Assert.ThrowsAnyAsync<Exception>(() => ws.Closed.Within());

        var failed = telemetry.Event("ConnectFailed");
        Assert.Contains("ConnectTimeout", failed.GetStructuredStateValue("Reason"), StringComparison.Ordinal);
        Assert.Equal("1000", failed.GetStructuredStateValue("ElapsedMs"));
    }

    [Fact]
    public async Task MessageTooBig_IsAProtocolViolationWith1009()
    {
        using var telemetry = new Telemetry();
        var (scheduler, peer, ws) = Open(telemetry, maxMessageSize: 4);

        peer.Perform(PeerAction.Binary(new byte[10]));
        scheduler.AdvanceBy(1);
        await Assert.ThrowsAsync<WebSocketConnectionException>(() => ws.Closed.Within());

        var violation = telemetry.Event("ProtocolViolation");
        Assert.Equal((8, LogLevel.Warning), (violation.Id.Id, violation.Level));
        Assert.Equal("1009", violation.GetStructuredStateValue("CloseCode"));
        Assert.Contains("4-byte limit", violation.GetStructuredStateValue("Rule"), StringComparison.Ordinal);
        Assert.Equal("local", telemetry.Event("Failed").GetStructuredStateValue("Initiator"));
    }

    [Fact]
    public async Task BrokenUtf8TheSocketFinds_IsAProtocolViolationBySocket()
    {
        using var telemetry = new Telemetry();
        var (scheduler, peer, ws) = Open(telemetry);

        // The virtual socket, like the BCL, fails the connection itself (1007 on the wire) and throws Faulted.
        peer.Perform(PeerAction.Frame(WebSocketMessageType.Text, [(byte)'o', (byte)'k', 0xC3], endOfMessage: false));
        peer.Perform(PeerAction.Continuation([], endOfMessage: true));
        scheduler.AdvanceBy(1);
        await Assert.ThrowsAsync<WebSocketConnectionException>(() => ws.Closed.Within());

        var violation = telemetry.Event("ProtocolViolationBySocket");
        Assert.Equal((9, LogLevel.Warning), (violation.Id.Id, violation.Level));
        Assert.Empty(telemetry.Events("KeepAliveTimeout"));
    }

    [Fact]
    public async Task KeepAliveTimeout_IsLogged()
    {
        using var telemetry = new Telemetry();
        var scheduler = new TestScheduler();
        var peer = new VirtualPeer(scheduler, new() { KeepAliveInterval = TimeSpan.FromSeconds(30), KeepAliveTimeout = TimeSpan.FromSeconds(20), AnswersPings = false });
        var ws = WebSocketConnection.Connect(new Uri("ws://virtual.test/"), Options(telemetry, scheduler, peer));
        ws.Subscribe(new Recorder());

        scheduler.AdvanceBy(TimeSpan.FromSeconds(50).Ticks);
        await Assert.ThrowsAsync<WebSocketConnectionException>(() => ws.Closed.Within());

        var timeout = telemetry.Event("KeepAliveTimeout");
        Assert.Equal((10, LogLevel.Warning), (timeout.Id.Id, timeout.Level));
        Assert.Contains("did not answer a ping", timeout.GetStructuredStateValue("Reason"), StringComparison.Ordinal);
        Assert.Equal("none", telemetry.Event("Failed").GetStructuredStateValue("Initiator"));
    }

    [Fact]
    public void OverflowDrops_FirstIsAWarning_LaterOnesDebug_AllCounted()
    {
        using var telemetry = new Telemetry();
        var dropped = telemetry.Collect<long>("rxws.messages.dropped");
        var scheduler = new TestScheduler();
        var peer = new VirtualPeer(scheduler, new() { HandshakeDelay = HandshakeDelay });
        var ws = WebSocketConnection.Connect(new Uri("ws://virtual.test/"), new WebSocketConnectionOptions
        {
            Scheduler = scheduler,
            SocketFactory = peer.ConnectAsync,
            LoggerFactory = telemetry.LoggerFactory,
            MeterFactory = telemetry.MeterFactory,
            SendBufferCapacity = 1,
            SendBufferOverflow = SendBufferOverflow.DropNewest,
        });

        for (var i = 0; i < 4; i++)
        {
            ws.Sink.OnNext(Message.FromText("m"));
        }

        var first = telemetry.Event("FirstOverflowDrop");
        Assert.Equal((11, LogLevel.Warning), (first.Id.Id, first.Level));
        Assert.Equal(2, telemetry.Events("MessageDropped").Count);
        Assert.All(telemetry.Events("MessageDropped"), record => Assert.Equal(LogLevel.Debug, record.Level));
        Assert.Equal(3, dropped.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.All(dropped.GetMeasurementSnapshot(), m => Assert.Equal("overflow", m.Tags["rxws.drop.reason"]));
    }

    [Fact]
    public async Task PerMessageEvents_OnlyAtTrace_PayloadOnlyWhenPreviewsAreOn()
    {
        using var informationOnly = new Telemetry(LogLevel.Information);
        using var withPreview = new Telemetry();
        using var withoutPreview = new Telemetry();

        await Exchange(informationOnly, previewLength: 4);
        await Exchange(withPreview, previewLength: 4);
        await Exchange(withoutPreview, previewLength: 0);

        Assert.Empty(informationOnly.Events("MessageReceived"));
        Assert.Empty(informationOnly.Events("MessageSent"));
        Assert.Equal(["Connected", "Closed"], informationOnly.Logs.GetSnapshot().Select(record => record.Id.Name));

        var previewed = withPreview.Event("MessageReceived");
        Assert.Equal((13, LogLevel.Trace), (previewed.Id.Id, previewed.Level));
        Assert.Equal(": \"secr\"... (+6 bytes)", previewed.GetStructuredStateValue("Preview"));
        Assert.Equal(": 01020304... (+1 bytes)", withPreview.Event("MessageSent").GetStructuredStateValue("Preview"));

        Assert.Equal(string.Empty, withoutPreview.Event("MessageReceived").GetStructuredStateValue("Preview"));
        Assert.Equal(string.Empty, withoutPreview.Event("MessageSent").GetStructuredStateValue("Preview"));
        Assert.DoesNotContain(withoutPreview.Logs.GetSnapshot(), record => record.Message.Contains("secr", StringComparison.Ordinal));

        static async Task Exchange(Telemetry telemetry, int previewLength)
        {
            var scheduler = new TestScheduler();
            var peer = new VirtualPeer(scheduler);
            var ws = WebSocketConnection.Connect(new Uri("ws://virtual.test/"), Options(telemetry, scheduler, peer, previewLength: previewLength));
            ws.Subscribe(new Recorder());
            scheduler.AdvanceBy(1);
            peer.Perform(PeerAction.Text("secret-tok"));
            await ws.SendAsync(Message.FromBinary(new byte[] { 1, 2, 3, 4, 5 })).Within();
            ws.Close(new WebSocketCloseInfo(1000));
            scheduler.AdvanceBy(1);
            await ws.Closed.Within();
        }
    }

    private static (TestScheduler Scheduler, VirtualPeer Peer, WebSocketConnection Connection) Open(Telemetry telemetry, int maxMessageSize = WebSocketConnectionOptions.DefaultMaxMessageSize)
    {
        var scheduler = new TestScheduler();
        var peer = new VirtualPeer(scheduler);
        var ws = WebSocketConnection.Connect(new Uri("ws://virtual.test/"), new WebSocketConnectionOptions
        {
            Scheduler = scheduler,
            SocketFactory = peer.ConnectAsync,
            LoggerFactory = telemetry.LoggerFactory,
            MeterFactory = telemetry.MeterFactory,
            MaxMessageSize = maxMessageSize,
        });
        ws.Subscribe(new Recorder());
        scheduler.AdvanceBy(1);
        Assert.True(ws.Opened.IsCompletedSuccessfully);
        return (scheduler, peer, ws);
    }

    private static WebSocketConnectionOptions Options(Telemetry telemetry, TestScheduler scheduler, VirtualPeer peer, IReadOnlyList<string>? protocols = null, int previewLength = 0) => new()
    {
        Scheduler = scheduler,
        SocketFactory = peer.ConnectAsync,
        Protocols = protocols ?? [],
        LoggerFactory = telemetry.LoggerFactory,
        MeterFactory = telemetry.MeterFactory,
        LogPayloadPreviewLength = previewLength,
    };
}
