namespace RxWebSocketStream.Tests;

/// <summary>
/// The README's quick start, compiled and run by <see cref="ReadmeTests"/>. The text between the markers
/// must equal the README's csharp block, character for character.
/// </summary>
internal static class QuickStart
{
    // <quickstart>
    public static async Task<WebSocketCloseInfo> RunAsync(Uri url, TextWriter log)
    {
        await using var ws = WebSocketConnection.Connect(url);   // returns at once; the handshake runs
        WebSocketOpenInfo open = await ws.Opened;                // negotiated protocol and extensions

        using var subscription = ws.Subscribe(m => log.WriteLine($"received {m}"));
        ws.Sink.OnNext(Message.FromText("hello"));               // queued, sent in order
        await ws.SendAsync(Message.FromBinary(new byte[] { 1, 2, 3 }));   // completes when written

        ws.Close(new WebSocketCloseInfo(4000, "bye"));           // validated like the browser's close()
        WebSocketCloseInfo closed = await ws.Closed;             // the peer's code and reason
        log.WriteLine($"closed: {closed}");
        return closed;
    }
    // </quickstart>
}
