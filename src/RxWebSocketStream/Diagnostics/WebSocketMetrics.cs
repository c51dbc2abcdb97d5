using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace RxWebSocketStream.Internal;

/// <summary>
/// The instruments of one <see cref="Meter"/> named <see cref="WebSocketTelemetry.MeterName"/>: the process-wide one,
/// or one per <see cref="IMeterFactory"/> (a host's, or a test's). Names, units and attributes follow the
/// OpenTelemetry conventions and are listed in docs/observability.md; every attribute takes a handful of values.
/// </summary>
internal sealed class WebSocketMetrics
{
    private static readonly ConditionalWeakTable<Meter, WebSocketMetrics> ByMeter = [];
    private static readonly Lazy<WebSocketMetrics> SharedInstance = new(() => For(new Meter(WebSocketTelemetry.MeterName, Version)));

    private static readonly string? Version = typeof(WebSocketMetrics).Assembly.GetName().Version?.ToString();

    private WebSocketMetrics(Meter meter)
    {
        ActiveConnections = meter.CreateUpDownCounter<long>("rxws.active_connections", "{connection}", "Connections open now.");
        ConnectionDuration = meter.CreateHistogram<double>("rxws.connection.duration", "s", "How long connections stayed open, from open to end.");
        HandshakeDuration = meter.CreateHistogram<double>("rxws.handshake.duration", "s", "How long client opening handshakes took, whatever their outcome.");
        MessagesSent = meter.CreateCounter<long>("rxws.messages.sent", "{message}", "Messages handed to the socket.");
        MessagesReceived = meter.CreateCounter<long>("rxws.messages.received", "{message}", "Whole messages received from the peer.");
        BytesSent = meter.CreateCounter<long>("rxws.bytes.sent", "By", "Payload bytes of the messages sent (no framing).");
        BytesReceived = meter.CreateCounter<long>("rxws.bytes.received", "By", "Payload bytes of the messages received (no framing).");
        SendQueueDepth = meter.CreateUpDownCounter<long>("rxws.send_queue.depth", "{message}", "Messages waiting in send buffers.");
        MessagesDropped = meter.CreateCounter<long>("rxws.messages.dropped", "{message}", "Sink messages refused: buffer full (DropNewest or Fail) or connection closing.");
        MessagesUnsent = meter.CreateCounter<long>("rxws.messages.unsent", "{message}", "Sink messages accepted but never written because the connection ended.");
        Closes = meter.CreateCounter<long>("rxws.connection.closes", "{connection}", "Connection ends, by close code class and who started the close.");
        ReconnectAttempts = meter.CreateCounter<long>("rxws.reconnect.attempts", "{attempt}", "Connection attempts of reconnecting sessions, by kind and outcome.");
        ReconnectDecisions = meter.CreateCounter<long>("rxws.reconnect.decisions", "{decision}", "What reconnecting sessions decided after a connection ended.");
        FanOutDropped = meter.CreateCounter<long>("rxws.fanout.messages.dropped", "{message}", "Broadcast messages a group member will never be sent, by the group's slow-client policy.");
        FanOutSlowClientsClosed = meter.CreateCounter<long>("rxws.fanout.slow_clients.closed", "{connection}", "Group members closed for reading more slowly than the group broadcasts.");
    }

    /// <summary>Gets the instruments of the process-wide meter, used when the options name no meter factory.</summary>
    public static WebSocketMetrics Shared => SharedInstance.Value;

    public UpDownCounter<long> ActiveConnections { get; }

    public Histogram<double> ConnectionDuration { get; }

    public Histogram<double> HandshakeDuration { get; }

    public Counter<long> MessagesSent { get; }

    public Counter<long> MessagesReceived { get; }

    public Counter<long> BytesSent { get; }

    public Counter<long> BytesReceived { get; }

    public UpDownCounter<long> SendQueueDepth { get; }

    public Counter<long> MessagesDropped { get; }

    public Counter<long> MessagesUnsent { get; }

    public Counter<long> Closes { get; }

    public Counter<long> ReconnectAttempts { get; }

    public Counter<long> ReconnectDecisions { get; }

    /// <summary>Fan-out (server package): messages dropped for a slow member; attribute <c>rxws.fanout.policy</c>.</summary>
    public Counter<long> FanOutDropped { get; }

    /// <summary>Fan-out (server package): members closed under the Close policy.</summary>
    public Counter<long> FanOutSlowClientsClosed { get; }

    /// <summary>The instruments for <paramref name="factory"/>'s meter, or the shared ones when it is null.</summary>
    public static WebSocketMetrics For(IMeterFactory? factory) =>
        factory is null ? Shared : For(factory.Create(new MeterOptions(WebSocketTelemetry.MeterName) { Version = Version }));

    // A factory hands out the same meter for the same name, so its instruments are made once.
    private static WebSocketMetrics For(Meter meter) => ByMeter.GetValue(meter, static m => new WebSocketMetrics(m));

    /// <summary>Seconds between two scheduler readings: every duration comes from the scheduler (virtual in tests).</summary>
    public static double Seconds(DateTimeOffset from, DateTimeOffset to) => Math.Max(0, (to - from).TotalSeconds);

    /// <summary>The <c>rxws.role</c> attribute.</summary>
    public static KeyValuePair<string, object?> Role(ConnectionRole role) =>
        new("rxws.role", role == ConnectionRole.Client ? "client" : "server");

    /// <summary>
    /// The <c>rxws.close.code_class</c> attribute: a bounded name for a close code, never the code itself, since
    /// 3000-4999 leave the cardinality to the application.
    /// </summary>
    public static string CodeClass(int? code) => code switch
    {
        null or 1005 => "no_status",
        1000 => "normal",
        1001 => "going_away",
        1006 => "abnormal",
        >= 1002 and <= 1015 => "protocol",
        >= 3000 and <= 3999 => "registered",
        >= 4000 and <= 4999 => "private",
        _ => "other",
    };

    /// <summary>The <c>rxws.close.initiator</c> attribute.</summary>
    public static string Initiator(CloseInitiator initiator) => initiator switch
    {
        CloseInitiator.Application => "local",
        CloseInitiator.Peer => "peer",
        _ => "none",
    };

    /// <summary>Tags of one message counter: role and message type.</summary>
    public static TagList MessageTags(ConnectionRole role, MessageType type) =>
        new() { Role(role), new("rxws.message.type", type == MessageType.Text ? "text" : "binary") };
}
