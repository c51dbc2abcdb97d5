using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using RxWebSocketStream.Testing;
using RxWebSocketStream.Tests.Server;

namespace RxWebSocketStream.Tests.Observability;

/// <summary>
/// docs/observability.md against real sockets: the rule only the library checks (1007 after an empty final frame, which
/// the BCL lets through), message and byte counters over Kestrel, and the W3C trace context in the handshake request.
/// </summary>
public sealed class NetworkTelemetryTests : IAsyncLifetime
{
    private readonly TaskCompletionSource<Dictionary<string, string>> _handshakeHeaders = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebApplication _app = null!;
    private Uri _url = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.UseWebSockets();
        _app.Map("/echo", async context =>
        {
            // Copied: Kestrel reuses the request's header collection once the request is over.
            _handshakeHeaders.TrySetResult(context.Request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase));
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var buffer = new byte[1024];
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, context.RequestAborted);
                if (result.MessageType == System.Net.WebSockets.WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, null, context.RequestAborted);
                    return;
                }

                await socket.SendAsync(buffer.AsMemory(0, result.Count), result.MessageType, result.EndOfMessage, context.RequestAborted);
            }
        });
        await _app.StartAsync();
        _url = new Uri(_app.Urls.First().Replace("http://", "ws://", StringComparison.Ordinal) + "/echo?token=abc");
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Echo_CountsMessagesAndBytesBothWays_TraceContextSentWhenAskedFor()
    {
        using var telemetry = new Telemetry();
        var sent = telemetry.Collect<long>("rxws.messages.sent");
        var received = telemetry.Collect<long>("rxws.messages.received");
        var bytesReceived = telemetry.Collect<long>("rxws.bytes.received");
        var active = telemetry.Collect<long>("rxws.active_connections");

        Activity.Current = telemetry.Root;
        var ws = WebSocketConnection.Connect(_url, new WebSocketConnectionOptions
        {
            LoggerFactory = telemetry.LoggerFactory,
            MeterFactory = telemetry.MeterFactory,
            PropagateTraceContext = true,
        });
        Activity.Current = null;
        var recorder = new Recorder();
        ws.Subscribe(recorder);
        await ws.Opened.Within();
        for (var i = 0; i < 3; i++)
        {
            await ws.SendAsync(Message.FromText("four")).Within();
        }

        await recorder.WaitForMessagesAsync(3).Within();
        await ws.DisposeAsync();
        await ws.Closed.Within();

        Assert.Equal(3, sent.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(3, received.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal(12, bytesReceived.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Equal([1L, -1L], active.GetMeasurementSnapshot().Select(m => m.Value));

        var connect = Assert.Single(telemetry.Spans("rxws.connect"));
        var headers = await _handshakeHeaders.Task.Within();
        // The connect span's trace (the span id may be the HTTP handler's own child span, when something records those).
        Assert.StartsWith($"00-{connect.TraceId}-", headers["traceparent"], StringComparison.Ordinal);
        Assert.Equal(telemetry.Root.TraceId, connect.TraceId);
        Assert.DoesNotContain("token", telemetry.Event("Connected").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TraceContext_NotSentByDefault()
    {
        using var telemetry = new Telemetry();
        Activity.Current = telemetry.Root;
        var ws = WebSocketConnection.Connect(_url, new WebSocketConnectionOptions { LoggerFactory = telemetry.LoggerFactory });
        Activity.Current = null;
        await ws.Opened.Within();
        await ws.DisposeAsync();

        var headers = await _handshakeHeaders.Task.Within();
        Assert.False(headers.ContainsKey("traceparent"));
        Assert.False(headers.ContainsKey("tracestate"));
    }

    [Fact]
    public async Task TextEndingMidCharacter_TheLibrarysOwnCheck_IsAProtocolViolationWith1007()
    {
        using var telemetry = new Telemetry();
        await using var peer = RawPeer.Start();
        var ws = WebSocketConnection.Connect(peer.Url, new() { Scheduler = new TestScheduler(), LoggerFactory = telemetry.LoggerFactory });
        using var raw = await peer.AcceptAsync().Within();
        await ws.Opened.Within();
        ws.Subscribe(new Recorder());

        await raw.SendAsync(Opcode.Text, (byte[])[(byte)'o', (byte)'k', 0xC3], fin: false);
        await raw.SendAsync(Opcode.Continuation, ReadOnlyMemory<byte>.Empty, fin: true);
        Assert.Equal(1007, (await raw.ReadCloseAsync().Within()).CloseCode);
        raw.Drop();
        await Assert.ThrowsAsync<WebSocketConnectionException>(() => ws.Closed.Within());

        var violation = telemetry.Event("ProtocolViolation");
        Assert.Equal((8, LogLevel.Warning), (violation.Id.Id, violation.Level));
        Assert.Equal("1007", violation.GetStructuredStateValue("CloseCode"));
    }
}
