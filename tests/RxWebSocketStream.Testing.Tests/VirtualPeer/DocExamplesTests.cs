using System.Net.WebSockets;
using System.Reactive;
using System.Text;
using static RxWebSocketStream.Testing.Tests.VirtualPeer.EchoCode;

namespace RxWebSocketStream.Testing.Tests.VirtualPeer;

/// <summary>
/// The examples of docs/testing.md. Each method body between the <c>// doc:</c> markers is copied verbatim
/// into the page; <see cref="Docs_Examples_AreTheseTests"/> keeps them identical.
/// </summary>
public sealed class DocExamplesTests
{
    [Fact]
    public async Task Doc_ScriptAndRecord()
    {
        // doc: script-and-record
        var scheduler = new TestScheduler(TestSchedulerMode.Marble);
        var peer = new Testing.VirtualPeer(scheduler);
        const long ms = TimeSpan.TicksPerMillisecond;
        peer.Script(
            new Recorded<PeerAction>(10 * ms, PeerAction.Text("ping")),
            new Recorded<PeerAction>(30 * ms, PeerAction.Close(WebSocketCloseStatus.NormalClosure, "bye")));

        var echo = EchoAsync(peer.Socket);   // the code under test: any code that uses a WebSocket
        scheduler.Start();

        await echo;                          // already complete: virtual time ran it
        Assert.Equal(
            [
                new(10 * ms, Notification.CreateOnNext(SocketAction.TextMessage("ping"))),
                new(30 * ms, Notification.CreateOnNext(SocketAction.CloseOutput(WebSocketCloseStatus.NormalClosure, "bye"))),
                new Recorded<Notification<SocketAction>>(30 * ms, Notification.CreateOnCompleted<SocketAction>()),
            ],
            peer.ReceivedMessages);
        // end doc
    }

    [Fact]
    public async Task Doc_ProtocolViolation()
    {
        // doc: protocol-violation
        var scheduler = new TestScheduler(TestSchedulerMode.Marble);
        var peer = new Testing.VirtualPeer(scheduler);
        peer.Perform(PeerAction.RawClose([0x03]));    // a 1-byte close body: RFC 6455 forbids it

        var error = await Assert.ThrowsAsync<WebSocketException>(
            () => peer.Socket.ReceiveAsync(new byte[16], CancellationToken.None));

        Assert.Equal(WebSocketError.Faulted, error.WebSocketErrorCode);
        Assert.Equal(SocketAction.CloseOutput(WebSocketCloseStatus.ProtocolError), peer.ReceivedActions[0]);
        Assert.Equal(WebSocketState.Closed, peer.Socket.State);  // Closed, not Aborted: the close frame counted first
        // end doc
    }

    [Fact]
    public async Task Doc_Handshake()
    {
        // doc: handshake
        var scheduler = new TestScheduler(TestSchedulerMode.Marble);
        var peer = new Testing.VirtualPeer(scheduler, new VirtualPeerOptions
        {
            SubProtocol = "v1",
            HandshakeDelay = TimeSpan.FromMilliseconds(250),
        });
        Func<Uri, IReadOnlyList<string>, CancellationToken, Task<WebSocket>> connect = peer.ConnectAsync;

        var opening = connect(new Uri("wss://example.org/feed"), ["v1"], CancellationToken.None);
        scheduler.AdvanceTo(TimeSpan.FromMilliseconds(249).Ticks);
        Assert.False(opening.IsCompleted);
        scheduler.AdvanceTo(TimeSpan.FromMilliseconds(250).Ticks);

        var socket = await opening;
        Assert.Equal("v1", socket.SubProtocol);
        // end doc
    }

    [Fact]
    public void Doc_Backpressure()
    {
        // doc: backpressure
        var scheduler = new TestScheduler(TestSchedulerMode.Marble);
        var peer = new Testing.VirtualPeer(scheduler);
        peer.Script(
            new Recorded<PeerAction>(TimeSpan.FromMilliseconds(1).Ticks, PeerAction.StopReading()),
            new Recorded<PeerAction>(TimeSpan.FromSeconds(5).Ticks, PeerAction.ResumeReading()));
        scheduler.AdvanceTo(TimeSpan.FromMilliseconds(1).Ticks);

        var send = peer.Socket.SendAsync(Encoding.UTF8.GetBytes("big"), WebSocketMessageType.Text, true, CancellationToken.None);
        scheduler.AdvanceTo(TimeSpan.FromSeconds(5).Ticks - 1);
        Assert.False(send.IsCompleted);      // the peer is not reading
        scheduler.Start();
        Assert.True(send.IsCompletedSuccessfully);
        // end doc
    }

    [Fact]
    public void Docs_Examples_AreTheseTests()
    {
        var root = RepositoryRoot.Path;
        var page = File.ReadAllText(Path.Combine(root, "docs", "testing.md"));
        var source = File.ReadAllLines(Path.Combine(root, "tests", "RxWebSocketStream.Testing.Tests", "VirtualPeer", "DocExamplesTests.cs"));
        var examples = new Dictionary<string, string>();
        string? name = null;
        var lines = new List<string>();
        foreach (var line in source)
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith("// doc: ", StringComparison.Ordinal))
            {
                name = trimmed["// doc: ".Length..];
                lines.Clear();
            }
            else if (trimmed == "// end doc" && name is not null)
            {
                examples[name] = string.Join("\n", lines.Select(l => l.Length >= 8 ? l[8..] : l.TrimStart()));
                name = null;
            }
            else if (name is not null)
            {
                lines.Add(line);
            }
        }

        Assert.Equal(4, examples.Count);
        foreach (var (key, code) in examples)
        {
            Assert.True(page.Contains(code, StringComparison.Ordinal), $"docs/testing.md does not show the '{key}' example as in DocExamplesTests.cs.");
        }
    }
}
