using System.Collections.Concurrent;

namespace RxWebSocketStream.Tests.Grammar;

/// <summary>
/// A subscriber that checks the Rx grammar as the calls arrive, from any number of threads: never two calls
/// at once, nothing after the terminal call (<c>OnError</c> or <c>OnCompleted</c>), never a second terminal
/// call. Each breach is recorded with the calls and threads involved, and <see cref="AssertGrammar"/> fails
/// the test with all of them. It can hold every <c>OnNext</c> inside on a gate the test opens, which turns
/// a race of microseconds into one the test controls.
/// </summary>
/// <remarks>
/// Overlap is seen with a counter of calls inside: a call that enters while the counter is above zero has
/// overlapped another. Shared by the client and the ASP.NET Core test projects (linked, not copied), so it
/// depends only on xunit and the library.
/// </remarks>
internal sealed class GrammarCheckingObserver(IObserver<Message>? inner = null) : IObserver<Message>
{
    private const int LoggedCalls = 40;

    private readonly ConcurrentQueue<string> _violations = new();
    private readonly ConcurrentQueue<string> _log = new();
    private readonly ConcurrentDictionary<long, string> _inside = new();
    private readonly ConcurrentDictionary<int, string> _threadNames = new();
    private readonly TaskCompletionSource _firstOnNextInside = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _nextCall = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _calls;
    private int _insideCount;
    private int _messages;
    private int _terminalCalls;
    private string? _terminal;
    private Exception? _error;

    /// <summary>When set, each <c>OnNext</c> waits inside on this gate (at most <see cref="GateTimeout"/>) before it goes on.</summary>
    public ManualResetEventSlim? OnNextGate { get; init; }

    /// <summary>
    /// How long an <c>OnNext</c> waits at <see cref="OnNextGate"/> before the wait itself counts as a breach
    /// (a hang: a connection that makes the test's thread wait for a held <c>OnNext</c>). 20 seconds by default.
    /// </summary>
    public TimeSpan GateTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Runs inside each <c>OnNext</c>, after the gate: throw to play a throwing subscriber, or call back into the connection.</summary>
    public Action<Message>? OnEach { get; init; }

    /// <summary>Completes when the first <c>OnNext</c> is inside (before it waits on the gate).</summary>
    public Task FirstOnNextInside => _firstOnNextInside.Task;

    /// <summary>
    /// Completes when the next call of any kind enters, counting from when this is read. Read before opening
    /// a gate, it tells when the connection has moved on to this subscriber: a test that waits for it sees
    /// a late call (after the terminal one) that would otherwise come after its assertions.
    /// </summary>
    public Task NextCall => Volatile.Read(ref _nextCall).Task;

    /// <summary>Completes when the first terminal call has returned.</summary>
    public Task Ended => _ended.Task;

    public int MessageCount => Volatile.Read(ref _messages);

    public int TerminalCalls => Volatile.Read(ref _terminalCalls);

    /// <summary>The error of the first terminal call, if it was <c>OnError</c>.</summary>
    public Exception? Error => Volatile.Read(ref _error);

    /// <summary>Whether the first terminal call was <c>OnCompleted</c>.</summary>
    public bool Completed => Ended.IsCompleted && Error is null;

    /// <summary>Every breach seen so far, each naming the calls and threads involved.</summary>
    public IReadOnlyList<string> Violations => [.. _violations];

    public void OnNext(Message value)
    {
        var call = Enter($"OnNext #{Interlocked.Increment(ref _messages)}");
        try
        {
            if (Volatile.Read(ref _terminal) is { } terminal)
            {
                Violate($"{call} came after the terminal call {terminal}");
            }

            _firstOnNextInside.TrySetResult();
            if (OnNextGate is { } gate && !gate.Wait(GateTimeout))
            {
                Violate($"{call} waited {GateTimeout.TotalSeconds:0} s at its gate and nobody opened it: the test or the connection hung");
            }

            OnEach?.Invoke(value);
            inner?.OnNext(value);
        }
        finally
        {
            Exit(call);
        }
    }

    public void OnError(Exception error) => Terminal($"OnError({error.GetType().Name}: {error.Message})", error);

    public void OnCompleted() => Terminal("OnCompleted", error: null);

    /// <summary>Names the calling thread in descriptions ("the test's thread"), so a breach says who called.</summary>
    public void NameCurrentThread(string name) => _threadNames[Environment.CurrentManagedThreadId] = name;

    /// <summary>Fails the test when any breach was seen, listing each one and the calls logged before it.</summary>
    public void AssertGrammar()
    {
        if (!_violations.IsEmpty)
        {
            Assert.Fail(Describe());
        }
    }

    /// <summary>The breaches and the call log, as one readable text.</summary>
    public string Describe() =>
        $"The subscriber saw {_violations.Count} breach(es) of the Rx grammar:\n  " + string.Join("\n  ", _violations) +
        $"\nCalls (first {LoggedCalls}):\n  " + string.Join("\n  ", _log);

    private void Terminal(string name, Exception? error)
    {
        var call = Enter(name);
        try
        {
            Interlocked.Increment(ref _terminalCalls);
            if (Interlocked.CompareExchange(ref _terminal, call.ToString(), null) is { } first)
            {
                Violate($"{call} is a second terminal call; the first was {first}");
            }
            else
            {
                Volatile.Write(ref _error, error);
            }

            if (error is null)
            {
                inner?.OnCompleted();
            }
            else
            {
                inner?.OnError(error);
            }
        }
        finally
        {
            Exit(call);
            _ended.TrySetResult();
        }
    }

    private Call Enter(string name)
    {
        var call = new Call(Interlocked.Increment(ref _calls), name, DescribeThread());
        Log($"enter {call}");
        Interlocked.Exchange(ref _nextCall, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

        // Named before counted: a call that sees the count above one finds the other in the table, unless
        // it has left meanwhile.
        _inside[call.Id] = call.ToString();
        if (Interlocked.Increment(ref _insideCount) > 1)
        {
            var others = _inside.Where(pair => pair.Key != call.Id).Select(pair => pair.Value).ToList();
            var whom = others.Count > 0 ? string.Join(" and ", others) : "another call (which left before it could be named)";
            Violate($"{call} entered while {whom} was still inside");
        }

        return call;
    }

    private void Exit(Call call)
    {
        _inside.TryRemove(call.Id, out _);
        Interlocked.Decrement(ref _insideCount);
        Log($"exit  {call}");
    }

    private void Violate(string description) => _violations.Enqueue(description);

    private void Log(string line)
    {
        if (_log.Count < LoggedCalls)
        {
            _log.Enqueue(line);
        }
    }

    private string DescribeThread()
    {
        var thread = Thread.CurrentThread;
        var described = $"{(thread.IsThreadPoolThread ? "pool thread" : "thread")} {thread.ManagedThreadId}";
        return _threadNames.TryGetValue(thread.ManagedThreadId, out var name) ? $"{described}, {name}" : described;
    }

    private sealed record Call(long Id, string Name, string Thread)
    {
        public override string ToString() => $"{Name} (call {Id}, {Thread})";
    }
}
