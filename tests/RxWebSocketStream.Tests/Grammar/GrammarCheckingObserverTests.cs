namespace RxWebSocketStream.Tests.Grammar;

/// <summary>
/// The checker itself, fed bad sequences on purpose: each kind of breach is caught and named, and a good
/// sequence passes even when its calls come from different threads one after another.
/// </summary>
public sealed class GrammarCheckingObserverTests
{
    private static readonly Message Hello = Message.FromText("hello");

    [Fact]
    public void GoodSequence_NoViolation()
    {
        var checker = new GrammarCheckingObserver();

        checker.OnNext(Hello);
        checker.OnNext(Hello);
        checker.OnCompleted();

        Assert.Empty(checker.Violations);
        checker.AssertGrammar();
        Assert.Equal(2, checker.MessageCount);
        Assert.True(checker.Completed);
    }

    [Fact]
    public async Task GoodSequenceHandedFromThreadToThread_NoViolation()
    {
        // Rx allows calls on different threads as long as each returns before the next begins.
        var checker = new GrammarCheckingObserver();

        await Task.Factory.StartNew(() => checker.OnNext(Hello), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Within();
        await Task.Factory.StartNew(() => checker.OnNext(Hello), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Within();
        checker.OnError(new InvalidOperationException("boom"));

        checker.AssertGrammar();
        Assert.IsType<InvalidOperationException>(checker.Error);
        Assert.Equal(1, checker.TerminalCalls);
    }

    [Fact]
    public async Task OnErrorWhileOnNextIsInsideOnAnotherThread_OverlapNamed()
    {
        using var gate = new ManualResetEventSlim();
        var checker = new GrammarCheckingObserver { OnNextGate = gate };
        var held = Task.Factory.StartNew(() => checker.OnNext(Hello), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await checker.FirstOnNextInside.Within();

        checker.OnError(new InvalidOperationException("boom"));
        gate.Set();
        await held.Within();

        var violation = Assert.Single(checker.Violations);
        Assert.StartsWith("OnError(InvalidOperationException: boom)", violation, StringComparison.Ordinal);
        Assert.Contains("while OnNext #1", violation, StringComparison.Ordinal);
        Assert.Contains("still inside", violation, StringComparison.Ordinal);
        Assert.Throws<Xunit.Sdk.FailException>(checker.AssertGrammar);
    }

    [Fact]
    public async Task TwoOnNextAtOnce_OverlapNamed()
    {
        // Only the first message is held, so the second one, on this thread, enters and returns while the
        // first is still inside.
        using var release = new ManualResetEventSlim();
        var checker = new GrammarCheckingObserver { OnEach = message => _ = message.Text == "first" && release.Wait(Guard.HangTimeout) };
        var held = Task.Factory.StartNew(() => checker.OnNext(Message.FromText("first")), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await checker.FirstOnNextInside.Within();

        checker.OnNext(Message.FromText("second"));
        release.Set();
        await held.Within();

        var violation = Assert.Single(checker.Violations);
        Assert.Matches("^OnNext #2 .* entered while OnNext #1 .* was still inside$", violation);
    }

    [Fact]
    public void OnNextAfterOnCompleted_Named()
    {
        var checker = new GrammarCheckingObserver();

        checker.OnCompleted();
        checker.OnNext(Hello);

        var violation = Assert.Single(checker.Violations);
        Assert.StartsWith("OnNext #1", violation, StringComparison.Ordinal);
        Assert.Contains("came after the terminal call OnCompleted", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void OnCompletedAfterOnError_SecondTerminalNamed()
    {
        var checker = new GrammarCheckingObserver();

        checker.OnError(new InvalidOperationException("first"));
        checker.OnCompleted();

        var violation = Assert.Single(checker.Violations);
        Assert.StartsWith("OnCompleted", violation, StringComparison.Ordinal);
        Assert.Contains("second terminal call; the first was OnError(InvalidOperationException: first)", violation, StringComparison.Ordinal);
        Assert.Equal(2, checker.TerminalCalls);
        Assert.Equal("first", checker.Error?.Message);
    }

    [Fact]
    public void OnErrorTwice_SecondTerminalNamed()
    {
        var checker = new GrammarCheckingObserver();

        checker.OnError(new InvalidOperationException("first"));
        checker.OnError(new InvalidOperationException("second"));

        var violation = Assert.Single(checker.Violations);
        Assert.StartsWith("OnError(InvalidOperationException: second)", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void GateNeverOpened_TheHangIsABreach()
    {
        // A zero timeout gives up at once: no time passes in this test.
        using var gate = new ManualResetEventSlim();
        var checker = new GrammarCheckingObserver { OnNextGate = gate, GateTimeout = TimeSpan.Zero };

        checker.OnNext(Hello);

        Assert.Contains("nobody opened it", Assert.Single(checker.Violations), StringComparison.Ordinal);
    }

    [Fact]
    public void ThrowingOnEach_ThrowsToTheCallerAndTheCallCountsAsLeft()
    {
        var checker = new GrammarCheckingObserver { OnEach = _ => throw new InvalidOperationException("subscriber bug") };

        Assert.Throws<InvalidOperationException>(() => checker.OnNext(Hello));
        checker.OnCompleted();

        checker.AssertGrammar();
    }

    [Fact]
    public void NextCall_CompletesAtTheFirstCallAfterItWasRead()
    {
        var checker = new GrammarCheckingObserver();
        checker.OnNext(Hello);

        var next = checker.NextCall;
        Assert.False(next.IsCompleted);
        checker.OnCompleted();

        Assert.True(next.IsCompleted);
        Assert.False(checker.NextCall.IsCompleted);
    }

    [Fact]
    public void Inner_GetsEveryCall()
    {
        var inner = new Recorder();
        var checker = new GrammarCheckingObserver(inner);

        checker.OnNext(Hello);
        checker.OnCompleted();

        Assert.Equal(["hello"], inner.Texts);
        Assert.Equal(1, inner.TerminalCalls);
    }

    [Fact]
    public void Describe_ListsTheCallsWithTheirThreads()
    {
        var checker = new GrammarCheckingObserver();
        checker.NameCurrentThread("the test's thread");

        checker.OnCompleted();
        checker.OnCompleted();

        var text = checker.Describe();
        Assert.Contains("1 breach(es)", text, StringComparison.Ordinal);
        var thread = $"{(Thread.CurrentThread.IsThreadPoolThread ? "pool thread" : "thread")} {Environment.CurrentManagedThreadId}, the test's thread";
        Assert.Contains($"enter OnCompleted (call 1, {thread})", text, StringComparison.Ordinal);
        Assert.Contains($"OnCompleted (call 2, {thread}) is a second terminal call", text, StringComparison.Ordinal);
    }
}
