using System.Reactive.Concurrency;
using RxWebSocketStream;
using RxWebSocketStream.Testing;
using StatusBar;

namespace MarbleTests;

/// The chat window's view model in virtual time. The marble test's scheduler plays both the network's clock and the
/// UI dispatcher, so what the status bar shows, and when, is drawn as a diagram.
public sealed class ChatViewModelTests
{
    [Fact]
    public void The_status_bar_follows_the_connection_and_the_disconnect_button_closes_with_the_users_code()
    {
        var m = new MarbleTest();
        var peers = new VirtualPeerSequence(m.Scheduler);
        var server = peers.Add("--h", new Dictionary<char, PeerAction> { ['h'] = PeerAction.Text("hello") });

        using var session = ReconnectingConnection.Create(peers.Connect, new ReconnectingConnectionOptions { Scheduler = m.Scheduler });
        var viewModel = new ChatViewModel(session, ui: m.Scheduler);

        // Status first: the session starts with the first subscription to its messages, and a later subscriber to
        // its states would see only the latest one.
        m.ExpectObservable(viewModel.Status).ToBe(
            "(co) 6ms (dx|)",
            ('c', "Connecting..."), ('o', "Connected"), ('d', "Disconnecting..."), ('x', "Disconnected (4000 user signed out)"));
        m.ExpectObservable(viewModel.Messages).ToBe("--h 7ms |", ('h', "hello"));
        m.Scheduler.Schedule(TimeSpan.FromMilliseconds(10), () => Assert.True(viewModel.TryDisconnect(4000, "user signed out", out _)));
        m.Run();

        // The peer saw the close frame the user asked for.
        Assert.Contains(SocketAction.CloseOutput((System.Net.WebSockets.WebSocketCloseStatus)4000, "user signed out"), server.ReceivedActions);
    }

    // What a browser's WebSocketStream.close() refuses: codes the protocol keeps for itself, codes outside 1000 and
    // 3000-4999, and reasons over 123 UTF-8 bytes (62 'é' are 62 characters but 124 bytes).
    public static TheoryData<int, string, string> RefusedCloses => new()
    {
        { 1001, "bye", "1001" },
        { 2999, "", "2999" },
        { 4000, new string('é', 62), "123" },
    };

    [Theory]
    [MemberData(nameof(RefusedCloses))]
    public void A_close_the_browser_would_refuse_is_answered_with_the_problem_and_the_connection_stays(int code, string reason, string named)
    {
        var m = new MarbleTest();
        var peers = new VirtualPeerSequence(m.Scheduler);
        var server = peers.Add();
        using var session = ReconnectingConnection.Create(peers.Connect, new ReconnectingConnectionOptions { Scheduler = m.Scheduler });
        var viewModel = new ChatViewModel(session, ui: m.Scheduler);
        var statuses = new List<string>();
        using var status = viewModel.Status.Subscribe(statuses.Add);
        session.Start();
        m.Scheduler.AdvanceBy(TimeSpan.FromMilliseconds(1).Ticks);

        Assert.False(viewModel.TryDisconnect(code, reason, out var problem));
        Assert.Contains(named, problem, StringComparison.Ordinal);

        m.Scheduler.AdvanceBy(TimeSpan.FromMilliseconds(10).Ticks);
        Assert.Equal(["Connecting...", "Connected"], statuses);
        Assert.Empty(server.ReceivedActions);
    }
}
