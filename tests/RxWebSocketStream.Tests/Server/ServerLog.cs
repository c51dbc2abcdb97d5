using System.Net.WebSockets;
using System.Text;

namespace RxWebSocketStream.Tests.Server;

/// <summary>
/// What the server side of one connection received, and the events a test uses to drive it: the test
/// calls <see cref="Release"/> where an endpoint holds (the 101 response, a close answer, a drop).
/// </summary>
public sealed class ServerLog
{
    private readonly MessageLog _received = new();
    private readonly TaskCompletionSource<string> _requested = New<string>();
    private readonly TaskCompletionSource _accepted = New();
    private readonly TaskCompletionSource _sentAll = New();
    private readonly TaskCompletionSource _released = New();
    private readonly TaskCompletionSource _sendBlocked = New();
    private readonly TaskCompletionSource<byte[]> _pong = New<byte[]>();
    private readonly TaskCompletionSource<(int? Code, string? Reason)> _closeReceived = New<(int?, string?)>();
    private readonly TaskCompletionSource<byte[]> _closePayload = New<byte[]>();
    private readonly TaskCompletionSource _ended = New();
    private int _requestCount;
    private int _sentCount;

    /// <summary>How many HTTP requests arrived with this id (WebSocket or not).</summary>
    public int RequestCount => Volatile.Read(ref _requestCount);

    /// <summary>Completes with the offered Sec-WebSocket-Protocol header when the first request arrives.</summary>
    public Task<string> Requested => _requested.Task;

    /// <summary>Completes when the server accepted the WebSocket (sent its 101).</summary>
    public Task Accepted => _accepted.Task;

    /// <summary>Completes when the endpoint has written all the messages it was asked to send.</summary>
    public Task SentAll => _sentAll.Task;

    /// <summary>How many messages the endpoint's sends have completed (flood).</summary>
    public int SentCount => Volatile.Read(ref _sentCount);

    /// <summary>Completes when a send of the endpoint did not complete at once: the client is not reading.</summary>
    public Task SendBlocked => _sendBlocked.Task;

    /// <summary>The pong our side answered a ping with.</summary>
    public Task<byte[]> Pong => _pong.Task;

    /// <summary>The close frame the server received from our side (code and reason as the server saw them).</summary>
    public Task<(int? Code, string? Reason)> CloseReceived => _closeReceived.Task;

    /// <summary>The raw payload of our close frame, on endpoints that read frames by hand.</summary>
    public Task<byte[]> ClosePayload => _closePayload.Task;

    /// <summary>Completes when the server's handler has finished with the connection.</summary>
    public Task Ended => _ended.Task;

    /// <summary>The messages received, in order.</summary>
    public IReadOnlyList<Message> Received => _received.Snapshot;

    /// <summary>Lets an endpoint that holds go on.</summary>
    public void Release() => _released.TrySetResult();

    /// <summary>Completes when <paramref name="count"/> messages have been received.</summary>
    public Task WaitForMessagesAsync(int count) => _received.WaitForCountAsync(count);

    internal Task WaitForReleaseAsync(CancellationToken ct) => _released.Task.WaitAsync(ct);

    internal void OnRequest(string protocols)
    {
        Interlocked.Increment(ref _requestCount);
        _requested.TrySetResult(protocols);
    }

    internal void OnAccepted() => _accepted.TrySetResult();

    internal void OnSentAll() => _sentAll.TrySetResult();

    internal void OnSent() => Interlocked.Increment(ref _sentCount);

    internal void OnSendBlocked() => _sendBlocked.TrySetResult();

    internal void OnPong(byte[] payload) => _pong.TrySetResult(payload);

    internal void OnMessage(WebSocketMessageType type, ReadOnlySpan<byte> payload) =>
        _received.Add(type == WebSocketMessageType.Text ? Message.FromText(Encoding.UTF8.GetString(payload)) : Message.FromBinary(payload.ToArray()));

    internal void OnClose(int? code, string? reason) => _closeReceived.TrySetResult((code, reason));

    internal void OnClosePayload(byte[] payload)
    {
        _closePayload.TrySetResult(payload);
        OnClose(payload.Length >= 2 ? (payload[0] << 8) | payload[1] : null, payload.Length > 2 ? Encoding.UTF8.GetString(payload.AsSpan(2)) : string.Empty);
    }

    internal void OnEnded() => _ended.TrySetResult();

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static TaskCompletionSource<T> New<T>() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
