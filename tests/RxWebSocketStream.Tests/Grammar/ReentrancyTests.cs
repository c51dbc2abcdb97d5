namespace RxWebSocketStream.Tests.Grammar;

/// <summary>
/// Issue 11, section 1: a subscriber that calls back into the connection from inside <c>OnNext</c> (echo
/// servers, request/reply code, "close when you see this") must not deadlock, and the call it makes must not
/// run another subscriber call nested inside its own <c>OnNext</c>: a terminal call it causes comes after
/// <c>OnNext</c> returns. Each wait is bounded, so a deadlock fails the test instead of hanging it.
/// </summary>
public sealed class ReentrancyTests
{
    [Theory]
    [MemberData(nameof(Endings.FromTheClient), MemberType = typeof(Endings))]
    public async Task EndedFromInsideOnNext_ReturnsAndTheTerminalCallComesAfterOnNext(Ending ending)
    {
        using var rig = await RaceRig.OpenAsync(ending);
        var returned = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var checker = new GrammarCheckingObserver
        {
            OnEach = _ =>
            {
                if (!returned.Task.IsCompleted)
                {
                    rig.EndFromClient();
                    returned.TrySetResult();
                }
            },
        };
        using var subscription = rig.Connection.Subscribe(checker);

        await rig.PeerSendAsync("hello");

        await ReturnsAsync(returned.Task, $"{ending} from inside OnNext");
        await checker.Ended.Within();
        await rig.SettleAsync();
        checker.AssertGrammar();
        Assert.Equal(rig.ExpectedErrorCode, (checker.Error as WebSocketConnectionException)?.CloseCode);
    }

    [Fact]
    public async Task SendAsyncFromInsideOnNext_CompletesAndThePeerGetsTheReply()
    {
        using var pair = await LoopbackPair.OpenAsync();
        var ws = WebSocketConnection.Create(pair.Client);
        var reply = new TaskCompletionSource<Task>(TaskCreationOptions.RunContinuationsAsynchronously);
        var checker = new GrammarCheckingObserver { OnEach = message => reply.TrySetResult(ws.SendAsync(Message.FromText("re: " + message.Text))) };
        using var subscription = ws.Subscribe(checker);

        await pair.PeerSendAsync("hello");

        await ReturnsAsync(await reply.Task.Within(), "SendAsync from inside OnNext");
        Assert.Equal("re: hello", await pair.PeerReceiveTextAsync().Within());
        await CloseAnsweredAsync(pair, ws);
        checker.AssertGrammar();
    }

    [Fact]
    public async Task SendAsyncWaitedOnInsideOnNext_Completes()
    {
        // Blocking a subscriber on its own reply is poor style but common; the write needs nothing that
        // the held OnNext holds.
        using var pair = await LoopbackPair.OpenAsync();
        var ws = WebSocketConnection.Create(pair.Client);
        var returned = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var checker = new GrammarCheckingObserver
        {
            OnEach = message =>
            {
                ws.SendAsync(Message.FromText("re: " + message.Text)).GetAwaiter().GetResult();
                returned.TrySetResult();
            },
        };
        using var subscription = ws.Subscribe(checker);

        await pair.PeerSendAsync("hello");

        await ReturnsAsync(returned.Task, "SendAsync waited on inside OnNext");
        Assert.Equal("re: hello", await pair.PeerReceiveTextAsync().Within());
        await CloseAnsweredAsync(pair, ws);
        checker.AssertGrammar();
    }

    [Fact]
    public async Task DisposeAsyncFromInsideOnNext_NotWaitedOnThere_CompletesAfterOnNextReturns()
    {
        // DisposeAsync completes when the close handshake has finished, which needs the peer's close frame,
        // which the receive loop reads only after this OnNext returns: so it is started here, awaited outside.
        using var pair = await LoopbackPair.OpenAsync();
        var ws = WebSocketConnection.Create(pair.Client);
        var peer = pair.AnswerCloseAsync();
        var disposing = new TaskCompletionSource<Task>(TaskCreationOptions.RunContinuationsAsynchronously);
        var checker = new GrammarCheckingObserver { OnEach = _ => disposing.TrySetResult(ws.DisposeAsync().AsTask()) };
        using var subscription = ws.Subscribe(checker);

        await pair.PeerSendAsync("hello");

        await ReturnsAsync(await disposing.Task.Within(), "DisposeAsync started inside OnNext");
        Assert.Equal(new WebSocketCloseInfo(1000), await ws.Closed.Within());
        await peer.Within();
        await checker.Ended.Within();
        checker.AssertGrammar();
        Assert.True(checker.Completed);
    }

    private static async Task CloseAnsweredAsync(LoopbackPair pair, WebSocketConnection ws)
    {
        var peer = pair.AnswerCloseAsync();
        ws.Close(new WebSocketCloseInfo(4000, "done"));
        Assert.Equal(new WebSocketCloseInfo(4000, "done"), await ws.Closed.Within());
        await peer.Within();
    }

    /// <summary>Waits for a call made inside OnNext to return, naming the call when it deadlocked instead.</summary>
    private static async Task ReturnsAsync(Task call, string what)
    {
        try
        {
            await call.WaitAsync(Guard.HangTimeout);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{what} did not return within {Guard.HangTimeout.TotalSeconds:0} s: a deadlock.");
        }
    }
}
