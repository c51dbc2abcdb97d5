using System.Net.WebSockets;
using static RxWebSocketStream.Testing.Tests.VirtualPeer.EchoCode;

namespace RxWebSocketStream.Testing.Tests.VirtualPeer;

/// <summary>The virtual peer scripted and checked with marble diagrams, end to end.</summary>
public sealed class MarbleScriptTests
{
    [Fact]
    public void Script_FromMarbles_PeerActsAtTheDrawnFramesAndOurAnswerIsCheckedAsADiagram()
    {
        var m = new MarbleTest();
        var peer = new Testing.VirtualPeer(m.Scheduler);
        var legend = new Dictionary<char, SocketAction>
        {
            ['p'] = SocketAction.TextMessage("ping"),
            ['c'] = SocketAction.CloseOutput(WebSocketCloseStatus.NormalClosure, ""),
        };

        peer.Script("--p---|", new Dictionary<char, PeerAction> { ['p'] = PeerAction.Text("ping") });
        _ = EchoAsync(peer.Socket);

        m.ExpectObservable(peer.Received).ToBe("--p---(c|)", legend);
        m.Run();
    }

    [Fact]
    public void Script_FromMarbles_ErrorDropsTheConnection()
    {
        var m = new MarbleTest();
        var peer = new Testing.VirtualPeer(m.Scheduler);
        peer.Script("---#", new Dictionary<char, PeerAction>());
        var receive = peer.Socket.ReceiveAsync(new byte[16], CancellationToken.None);

        m.Run();

        var e = Assert.Throws<WebSocketException>(() => receive.GetAwaiter().GetResult());
        Assert.Equal(WebSocketError.ConnectionClosedPrematurely, e.WebSocketErrorCode);
    }

    [Fact]
    public void Script_FromMarbles_UnknownCharacter_ThrowsWithColumn()
    {
        var peer = new Testing.VirtualPeer(new TestScheduler(TestSchedulerMode.Marble));

        var e = Assert.Throws<MarbleSyntaxException>(() => peer.Script("--x", new Dictionary<char, PeerAction> { ['a'] = PeerAction.Text("a") }));

        Assert.Equal(3, e.Column);
    }

    [Fact]
    public void Script_FromMarbles_NullArguments_Throw()
    {
        var peer = new Testing.VirtualPeer(new TestScheduler(TestSchedulerMode.Marble));

        Assert.Throws<ArgumentNullException>("marbles", () => peer.Script((string)null!, new Dictionary<char, PeerAction>()));
        Assert.Throws<ArgumentNullException>("legend", () => peer.Script("-", (IReadOnlyDictionary<char, PeerAction>)null!));
    }
}
