using System.Net.WebSockets;
using static RxWebSocketStream.Testing.Tests.VirtualPeer.Step;

namespace RxWebSocketStream.Testing.Tests.VirtualPeer;

/// <summary>
/// The virtual socket against a real BCL client socket with a raw peer: same script, same outcomes (results,
/// exceptions with their <see cref="WebSocketError"/> and message, states, close status) and same frames on the wire.
/// </summary>
public sealed class SideBySideTests
{
    private static readonly Dictionary<string, Step[]> Scenarios = new()
    {
        ["text"] = [Peer(PeerAction.Text("hello")), Receive()],
        ["binary read with a small buffer"] = [Peer(PeerAction.Binary([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])), Receive(4), Receive(4), Receive(4)],
        ["value receive"] = [Peer(PeerAction.Binary([1, 2, 3])), ReceiveValue(2), ReceiveValue(2)],
        ["text fragments"] = [Peer(PeerAction.TextFragments("hel", "lo")), Receive(), Receive()],
        ["binary fragments, small buffer"] = [Peer(PeerAction.BinaryFragments([1, 2, 3], [4, 5])), Receive(2), Receive(2), Receive(2)],
        ["empty text message"] = [Peer(PeerAction.Text("")), Receive()],
        ["utf-8 split across fragments"] = [Peer(PeerAction.Frame(WebSocketMessageType.Text, [0xE2, 0x82], false)), Peer(PeerAction.Continuation([0xAC], true)), Receive(), Receive()],
        ["valid peer close, then our answer"] =
            [Peer(PeerAction.Close((WebSocketCloseStatus)4000, "robot")), Receive(), Receive(), Send(WebSocketMessageType.Text, "late"), CloseOutput((WebSocketCloseStatus)4000, "robot"), Send(WebSocketMessageType.Text, "x"), Receive(), Close(WebSocketCloseStatus.NormalClosure, null)],
        ["empty peer close"] = [Peer(PeerAction.CloseEmpty()), Receive()],
        ["close with 1-byte body"] = [Peer(PeerAction.RawClose([3])), Receive(), Receive(), Send(WebSocketMessageType.Binary, "x")],
        ["close code 2999"] = [Peer(PeerAction.Close((WebSocketCloseStatus)2999)), Receive()],
        ["close code 1005"] = [Peer(PeerAction.Close(WebSocketCloseStatus.Empty)), Receive()],
        ["close code 999"] = [Peer(PeerAction.Close((WebSocketCloseStatus)999)), Receive()],
        ["close code 5000"] = [Peer(PeerAction.Close((WebSocketCloseStatus)5000)), Receive()],
        ["close code 1014 is valid"] = [Peer(PeerAction.Close((WebSocketCloseStatus)1014)), Receive()],
        ["close payload of 126 bytes"] = [Peer(PeerAction.Close(WebSocketCloseStatus.NormalClosure, new string('a', 124))), Receive(), Receive()],
        ["close reason not utf-8"] = [Peer(PeerAction.RawClose([0x03, 0xE8, 0xFF])), Receive()],
        ["text not utf-8"] = [Peer(PeerAction.Frame(WebSocketMessageType.Text, [0x41, 0xFF], true)), Receive(), Receive()],
        ["text ends inside a utf-8 sequence"] = [Peer(PeerAction.Frame(WebSocketMessageType.Text, [0x41, 0xE2, 0x82], true)), Receive()],
        ["continuation without a message"] = [Peer(PeerAction.Continuation([0x41], true)), Receive()],
        ["new message inside a fragmented one"] = [Peer(PeerAction.Frame(WebSocketMessageType.Text, [0x41], false)), Peer(PeerAction.Text("B")), Receive(), Receive()],
        ["drop after a message"] = [Peer(PeerAction.Binary([1, 2])), Peer(PeerAction.Drop()), Receive(), Receive(), Receive(), Send(WebSocketMessageType.Binary, "x"), CloseOutput(WebSocketCloseStatus.NormalClosure, null)],
        ["our close output, then the peer's"] =
            [CloseOutput((WebSocketCloseStatus)4001, "x"), Send(WebSocketMessageType.Text, "no"), CloseOutput(WebSocketCloseStatus.NormalClosure, null), Peer(PeerAction.Text("still")), Peer(PeerAction.Close((WebSocketCloseStatus)4001, "x")), Receive(), Receive(), Receive()],
        ["CloseAsync discards data until the peer's close"] =
            [Peer(PeerAction.Text("dropped")), Peer(PeerAction.Close((WebSocketCloseStatus)4002, "bye")), Close(WebSocketCloseStatus.NormalClosure, "done"), Receive()],
        ["CloseAsync after CloseOutputAsync"] = [CloseOutput(WebSocketCloseStatus.NormalClosure, null), Peer(PeerAction.Close(WebSocketCloseStatus.NormalClosure)), Close(WebSocketCloseStatus.NormalClosure, null)],
        ["empty close status puts 1005 on the wire"] = [CloseOutput(WebSocketCloseStatus.Empty, null)],
        ["fragments we send"] = [Send(WebSocketMessageType.Text, "hel", false), Send(WebSocketMessageType.Binary, "lo"), Send(WebSocketMessageType.Binary, "!")],
        ["dispose"] = [Dispose(), Receive(), Send(WebSocketMessageType.Text, "x"), Close(WebSocketCloseStatus.NormalClosure, null)],
        ["abort"] = [Abort(), Receive(), Send(WebSocketMessageType.Text, "x"), CloseOutput(WebSocketCloseStatus.NormalClosure, null), Abort(), Dispose()],
        ["cancelling a pending receive aborts"] = [CancelledReceive(), Receive(), Send(WebSocketMessageType.Text, "x")],
        ["an already-cancelled receive aborts"] = [PreCancelled("Receive")],
        ["an already-cancelled send does not abort"] = [PreCancelled("Send"), PreCancelled("CloseOutput"), Send(WebSocketMessageType.Text, "ok")],
        ["invalid close arguments"] =
            [CloseOutput(WebSocketCloseStatus.Empty, "x"), CloseOutput((WebSocketCloseStatus)1006, null), CloseOutput((WebSocketCloseStatus)999, null), CloseOutput(WebSocketCloseStatus.NormalClosure, new string('a', 124)), Close((WebSocketCloseStatus)1015, null)],
        ["sending a close message type"] = [Send(WebSocketMessageType.Close, "x")],
    };

    public static TheoryData<string> ScenarioNames => new(Scenarios.Keys);

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public async Task VirtualSocket_Scenario_BehavesAsTheBclSocket(string scenario)
    {
        var steps = Scenarios[scenario];

        var real = await SideBySide.RunRealOnceMoreOnHangAsync(steps);
        var simulated = SideBySide.RunVirtual(steps);

        Assert.Equal(real.Outcomes, simulated.Outcomes);
        Assert.Equal(real.Wire, simulated.Wire);
    }
}
