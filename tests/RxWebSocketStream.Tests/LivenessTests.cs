using System.Net.WebSockets;
using RxWebSocketStream.Testing;
using RxWebSocketStream.Tests.Server;

namespace RxWebSocketStream.Tests;

/// <summary>
/// The two liveness mechanisms, kept apart: keep-alive (is the peer alive? PING/PONG) and the idle timeout
/// (does the peer talk? no message for T). Virtual time for the timing, a raw peer for what the BCL does.
/// </summary>
public sealed class LivenessTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(10);

    [Fact]
    public void Defaults_KeepAliveOnWithDeadPeerDetection_IdleTimeoutOff()
    {
        var options = new WebSocketConnectionOptions();

        Assert.Equal(TimeSpan.FromSeconds(30), options.KeepAliveInterval);
        Assert.Equal(TimeSpan.FromSeconds(20), options.KeepAliveTimeout);
        Assert.Equal(Timeout.InfiniteTimeSpan, options.IdleTimeout);
    }

    [Fact]
    public void Options_InvalidLivenessValues_ThrowNamingTheOption()
    {
        Assert.Equal("KeepAliveInterval", Assert.Throws<ArgumentOutOfRangeException>(() => new WebSocketConnectionOptions { KeepAliveInterval = TimeSpan.FromSeconds(-1) }).ParamName);
        Assert.Equal("KeepAliveTimeout", Assert.Throws<ArgumentOutOfRangeException>(() => new WebSocketConnectionOptions { KeepAliveTimeout = TimeSpan.FromSeconds(-1) }).ParamName);
        Assert.Equal("IdleTimeout", Assert.Throws<ArgumentOutOfRangeException>(() => new WebSocketConnectionOptions { IdleTimeout = TimeSpan.Zero }).ParamName);
    }

    [Fact]
    public async Task IdleTimeout_FiresExactlyTAfterTheLastMessage_AndNotBefore()
    {
        var scheduler = new TestScheduler();
        var peer = new VirtualPeer(scheduler);
        var ws = Connect(scheduler, peer, new() { IdleTimeout = Idle });
        var recorder = new Recorder();
        ws.Subscribe(recorder);

        // Each message restarts the wait: 9 s, then another 9 s, and the connection is still open at 18 s.
        scheduler.AdvanceBy(Idle.Ticks - TimeSpan.TicksPerSecond);
        peer.Perform(PeerAction.Text("one"));
        scheduler.AdvanceBy(Idle.Ticks - TimeSpan.TicksPerSecond);
        peer.Perform(PeerAction.Text("two"));
        scheduler.AdvanceBy(Idle.Ticks - 1);
        Assert.False(ws.Closed.IsCompleted, "T has not passed since the last message.");
        Assert.DoesNotContain(peer.ReceivedActions, a => a.Kind == SocketActionKind.CloseOutput);

        scheduler.AdvanceBy(1);

        Assert.Contains(SocketAction.CloseOutput((WebSocketCloseStatus)4000, "idle timeout"), peer.ReceivedActions);
        scheduler.AdvanceBy(1); // the peer's answer to our close frame
        var error = await Assert.ThrowsAsync<WebSocketConnectionException>(() => ws.Closed.Within());
        Assert.Equal(WebSocketConnectionOptions.IdleTimeoutCloseCode, error.CloseCode);
        Assert.Contains("IdleTimeout", error.Message, StringComparison.Ordinal);
        Assert.Contains(Idle.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Same(error, await recorder.Error.Within());
    }

    [Fact]
    public async Task IdleTimeout_WithAnotherCloseInfo_ClosesAndReportsWithIt()
    {
        var scheduler = new TestScheduler();
        var peer = new VirtualPeer(scheduler);
        var ws = Connect(scheduler, peer, new() { IdleTimeout = Idle, IdleTimeoutCloseInfo = new(4100, "quiet") });
        ws.Subscribe(new Recorder());

        scheduler.AdvanceBy(Idle.Ticks + 1);

        Assert.Contains(SocketAction.CloseOutput((WebSocketCloseStatus)4100, "quiet"), peer.ReceivedActions);
        var error = await Assert.ThrowsAsync<WebSocketConnectionException>(() => ws.Closed.Within());
        Assert.Equal(4100, error.CloseCode);
        Assert.Equal("quiet", error.Reason);
    }

    [Theory]
    [InlineData(1005)]
    [InlineData(2999)]
    public void IdleTimeoutCloseInfo_CodeThatMayNotBeSent_ThrowsNamingTheOption(int code)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new WebSocketConnectionOptions { IdleTimeoutCloseInfo = new(code) });
        Assert.Contains("IdleTimeoutCloseInfo", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IdleTimeout_Off_ASilentPeerStaysConnected()
    {
        var scheduler = new TestScheduler();
        var peer = new VirtualPeer(scheduler);
        var ws = Connect(scheduler, peer, new());
        ws.Subscribe(new Recorder());

        scheduler.AdvanceBy(TimeSpan.FromDays(1).Ticks);

        Assert.False(ws.Closed.IsCompleted);
        Assert.Empty(peer.ReceivedActions);
    }

    [Fact]
    public async Task VirtualKeepAlive_PeerStopsAnsweringPings_AbortedAtIntervalPlusTimeout()
    {
        var scheduler = new TestScheduler();
        var interval = TimeSpan.FromSeconds(30);
        var timeout = TimeSpan.FromSeconds(20);
        var peer = new VirtualPeer(scheduler, new() { KeepAliveInterval = interval, KeepAliveTimeout = timeout, AnswersPings = false });
        var ws = Connect(scheduler, peer, new());
        var recorder = new Recorder();
        ws.Subscribe(recorder);

        scheduler.AdvanceBy(interval.Ticks + timeout.Ticks - 1);
        Assert.False(ws.Closed.IsCompleted, "The pong may still come.");
        Assert.Equal([SocketAction.Ping], peer.ReceivedActions);

        scheduler.AdvanceBy(1);

        Assert.Equal([SocketAction.Ping, SocketAction.Abort], peer.ReceivedActions);
        var error = await Assert.ThrowsAsync<WebSocketConnectionException>(() => ws.Closed.Within());
        Assert.Equal(1006, error.CloseCode);
        Assert.Contains("did not answer a ping", error.Message, StringComparison.Ordinal);
        Assert.Same(error, await recorder.Error.Within());
    }

    [Fact]
    public void VirtualKeepAlive_PeerAnswers_StaysOpenAndPingsEveryInterval()
    {
        var scheduler = new TestScheduler();
        var interval = TimeSpan.FromSeconds(30);
        var peer = new VirtualPeer(scheduler, new() { KeepAliveInterval = interval, KeepAliveTimeout = TimeSpan.FromSeconds(20) });
        var ws = Connect(scheduler, peer, new());
        ws.Subscribe(new Recorder());

        scheduler.AdvanceBy(10 * interval.Ticks);

        Assert.False(ws.Closed.IsCompleted);
        Assert.Equal(Enumerable.Repeat(SocketAction.Ping, 10), peer.ReceivedActions);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => i * interval.Ticks), peer.ReceivedMessages.Select(m => m.Time));
    }

    [Fact]
    public async Task RealKeepAlive_PeerReadsButNeverAnswersPings_ClosedFaultsNamingKeepAliveTimeout()
    {
        await using var rawPeer = RawPeer.Start();
        var timeout = TimeSpan.FromMilliseconds(200);
        var ws = WebSocketConnection.Connect(rawPeer.Url, new() { KeepAliveInterval = TimeSpan.FromMilliseconds(100), KeepAliveTimeout = timeout });
        using var raw = await rawPeer.AcceptAsync().Within();
        await ws.Opened.Within();
        var recorder = new Recorder();
        ws.Subscribe(recorder);

        // The BCL sends a PING of its own; the raw peer reads it and, unlike any compliant peer, stays silent.
        var ping = await raw.ReadAsync().Within();
        Assert.Equal(Opcode.Ping, ping?.Opcode);

        var error = await Assert.ThrowsAsync<WebSocketConnectionException>(() => ws.Closed.Within());
        Assert.Equal(1006, error.CloseCode);
        Assert.Contains($"did not answer a ping within {timeout} (KeepAliveTimeout)", error.Message, StringComparison.Ordinal);

        // What .NET 10 reports: the pending receive is cancelled ("Aborted"), caused by the keep-alive fault
        // (WebSocketException, Faulted).
        Assert.IsType<OperationCanceledException>(error.InnerException);
        // The BCL's shape depends on timing: the WebSocketException alone, or inside an AggregateException with
        // the cancelled transport read (both seen on .NET 10 here); the library recognises both.
        var cause = error.InnerException!.InnerException;
        var causes = cause is AggregateException aggregate ? aggregate.InnerExceptions : [cause!];
        Assert.Contains(causes, x => x is WebSocketException { WebSocketErrorCode: WebSocketError.Faulted });
        Assert.Same(error, await recorder.Error.Within());
    }

    [Fact]
    public async Task RealKeepAlive_PeerAnswersEveryPing_PingsKeepComingAndTheCloseIsClean()
    {
        await using var rawPeer = RawPeer.Start();
        var ws = WebSocketConnection.Connect(rawPeer.Url, new() { KeepAliveInterval = TimeSpan.FromMilliseconds(50), KeepAliveTimeout = TimeSpan.FromSeconds(2) });
        using var raw = await rawPeer.AcceptAsync().Within();
        await ws.Opened.Within();
        ws.Subscribe(new Recorder());

        // The BCL sends the next PING only after the PONG to the last one: three pings mean two pongs counted.
        for (var i = 0; i < 3; i++)
        {
            var ping = await raw.ReadAsync().Within();
            Assert.Equal(Opcode.Ping, ping?.Opcode);
            await raw.SendAsync(Opcode.Pong, ping!.Payload);
        }

        Assert.False(ws.Closed.IsCompleted, "A peer that answers every ping is alive.");
        ws.Close(new WebSocketCloseInfo(1000));
        Frame? close;
        do
        {
            close = await raw.ReadAsync().Within();
        }
        while (close?.Opcode == Opcode.Ping);

        Assert.Equal(1000, close?.CloseCode);
        await raw.SendCloseAsync(1000);
        raw.Dispose(); // a server closes TCP after the close handshake; the BCL client waits up to 1 s for it
        Assert.Equal(1000, (await ws.Closed.Within()).Code);
    }

    [Fact]
    public async Task RealKeepAlive_OptionsReachClientWebSocketBeforeConfigureClient_SoTheHookWins()
    {
        await using var rawPeer = RawPeer.Start();
        (TimeSpan Interval, TimeSpan Timeout)? seenByHook = null;
        var ws = WebSocketConnection.Connect(rawPeer.Url, new()
        {
            KeepAliveInterval = TimeSpan.FromMilliseconds(100),
            KeepAliveTimeout = TimeSpan.FromMilliseconds(200),
            ConfigureClient = o =>
            {
                seenByHook = (o.KeepAliveInterval, o.KeepAliveTimeout);
                o.KeepAliveTimeout = TimeSpan.FromMilliseconds(300);
            },
        });
        using var raw = await rawPeer.AcceptAsync().Within();
        await ws.Opened.Within();
        ws.Subscribe(new Recorder());

        Assert.Equal((TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200)), seenByHook);

        // The hook's value is the one in effect, and the one the error names.
        Assert.Equal(Opcode.Ping, (await raw.ReadAsync().Within())?.Opcode);
        var error = await Assert.ThrowsAsync<WebSocketConnectionException>(() => ws.Closed.Within());
        Assert.Contains($"within {TimeSpan.FromMilliseconds(300)} (KeepAliveTimeout)", error.Message, StringComparison.Ordinal);
    }

    private static WebSocketConnection Connect(TestScheduler scheduler, VirtualPeer peer, WebSocketConnectionOptions options) =>
        WebSocketConnection.Connect(new Uri("ws://virtual/"), new()
        {
            Scheduler = scheduler,
            IdleTimeout = options.IdleTimeout,
            IdleTimeoutCloseInfo = options.IdleTimeoutCloseInfo,
            SocketFactory = peer.ConnectAsync,
        });
}
