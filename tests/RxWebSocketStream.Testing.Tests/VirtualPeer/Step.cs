using System.Globalization;
using System.Net.WebSockets;
using System.Text;

namespace RxWebSocketStream.Testing.Tests.VirtualPeer;

/// <summary>
/// One step of a side-by-side scenario: the peer acts, or our side calls the socket. Running a step against a socket
/// yields a line describing the outcome (result or exception, then state and close status), compared across runs.
/// </summary>
internal abstract record Step
{
    internal static Step Peer(PeerAction action) => new PeerStep(action);

    internal static Step Receive(int bufferSize = 64) => new Operation($"Receive({bufferSize})", async ws =>
    {
        var buffer = new byte[bufferSize];
        var r = await ws.ReceiveAsync(buffer, CancellationToken.None);
        return $"{r.MessageType} {r.Count} eom={r.EndOfMessage} [{Convert.ToHexString(buffer, 0, r.Count)}] {(int?)r.CloseStatus} '{r.CloseStatusDescription}'";
    });

    internal static Step ReceiveValue(int bufferSize = 64) => new Operation($"ReceiveValue({bufferSize})", async ws =>
    {
        var buffer = new byte[bufferSize];
        var r = await ws.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
        return $"{r.MessageType} {r.Count} eom={r.EndOfMessage} [{Convert.ToHexString(buffer, 0, r.Count)}]";
    });

    internal static Step Send(WebSocketMessageType type, string text, bool endOfMessage = true) => new Operation($"Send({type}, {text}, {endOfMessage})", async ws =>
    {
        await ws.SendAsync(Encoding.UTF8.GetBytes(text), type, endOfMessage, CancellationToken.None);
        return "sent";
    });

    internal static Step CloseOutput(WebSocketCloseStatus status, string? reason) => new Operation($"CloseOutput({(int)status}, {reason})", async ws =>
    {
        await ws.CloseOutputAsync(status, reason, CancellationToken.None);
        return "closed output";
    });

    internal static Step Close(WebSocketCloseStatus status, string? reason) => new Operation($"Close({(int)status}, {reason})", async ws =>
    {
        await ws.CloseAsync(status, reason, CancellationToken.None);
        return "closed";
    });

    internal static Step CancelledReceive() => new Operation("CancelledReceive", async ws =>
    {
        using var cts = new CancellationTokenSource();
        var pending = ws.ReceiveAsync(new byte[16], cts.Token);
        cts.Cancel();
        await pending;
        return "received";
    });

    internal static Step PreCancelled(string what) => new Operation($"PreCancelled{what}", async ws =>
    {
        var token = new CancellationToken(canceled: true);
        await (what switch
        {
            "Receive" => ws.ReceiveAsync(new byte[16], token),
            "Send" => ws.SendAsync(new byte[1], WebSocketMessageType.Binary, true, token),
            _ => ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, token),
        });
        return "done";
    });

    internal static Step Abort() => new Operation("Abort", ws =>
    {
        ws.Abort();
        return Task.FromResult("aborted");
    });

    internal static Step Dispose() => new Operation("Dispose", ws =>
    {
        ws.Dispose();
        return Task.FromResult("disposed");
    });

    internal static string Describe(Exception e) => e switch
    {
        WebSocketException w => $"{nameof(WebSocketException)}({w.WebSocketErrorCode}) '{w.Message}'",
        _ => $"{e.GetType().Name} '{e.Message}'",
    };

    internal static string Describe(WebSocket ws) =>
        string.Create(CultureInfo.InvariantCulture, $"state={ws.State} status={(int?)ws.CloseStatus} desc='{ws.CloseStatusDescription}'");

    internal sealed record PeerStep(PeerAction Action) : Step;

    internal sealed record Operation(string Name, Func<WebSocket, Task<string>> Run) : Step
    {
        public override string ToString() => Name;
    }
}
