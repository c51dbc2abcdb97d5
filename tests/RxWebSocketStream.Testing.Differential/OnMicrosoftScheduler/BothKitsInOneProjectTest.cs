// docs/testing.md ("Beside Microsoft.Reactive.Testing") shows this file from its first using to its end: it is a
// test project's view with both packages, in a namespace of its own so nothing of this repository is in scope.
using System.Reactive.Linq;
using Microsoft.Reactive.Testing;
using RxWebSocketStream;
using MarbleTest = RxWebSocketStream.Testing.MarbleTest;
using PeerAction = RxWebSocketStream.Testing.PeerAction;
using VirtualPeer = RxWebSocketStream.Testing.VirtualPeer;

namespace MyTests;

public sealed class BothKitsInOneProjectTest : ReactiveTest   // Microsoft's ReactiveTest
{
    [Fact]
    public void MicrosoftsKit_AsBefore()
    {
        var scheduler = new TestScheduler();                      // Microsoft's TestScheduler
        var xs = scheduler.CreateHotObservable(OnNext(210, 1), OnCompleted<int>(300));

        var res = scheduler.Start(() => xs.Select(x => x * 10));

        res.Messages.AssertEqual(OnNext(210, 10), OnCompleted<int>(300));
    }

    [Fact]
    public void MarblesAndAVirtualPeer_OnMicrosoftsScheduler()
    {
        var scheduler = new TestScheduler();                      // shared by the marbles, the peer and the connection
        var m = new MarbleTest(scheduler);
        var peer = new VirtualPeer(scheduler);
        peer.Script("--a--|", new Dictionary<char, PeerAction> { ['a'] = PeerAction.Text("hi") });
        var connection = WebSocketConnection.Create(peer.Socket, new WebSocketConnectionOptions { Scheduler = scheduler });

        m.ExpectObservable(connection.Select(message => message.Text)).ToBe("--a--|", ('a', "hi"));
        m.Run();
    }
}
