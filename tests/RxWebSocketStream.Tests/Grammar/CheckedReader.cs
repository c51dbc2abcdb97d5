using System.Collections.Concurrent;

namespace RxWebSocketStream.Tests.Grammar;

/// <summary>
/// A <see cref="WebSocketConnection.ReadAllAsync"/> consumer that checks, from the consumer's side, what the
/// Rx grammar means for a pull reader: the message in hand (<c>Current</c>) does not change while the consumer
/// works on it, the enumeration ends once (false or an exception), and once ended it stays ended (a further
/// <c>MoveNextAsync</c> never returns a message). It awaits with <c>ConfigureAwait(false)</c>, so its body runs
/// wherever the connection completes <c>MoveNextAsync</c> (inline, on the receive loop's pool thread), and it
/// can be held on a gate like <see cref="GrammarCheckingObserver"/>.
/// </summary>
internal sealed class CheckedReader
{
    private readonly ConcurrentQueue<string> _violations = new();
    private readonly TaskCompletionSource _firstMessageInside = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ManualResetEventSlim? _gate;
    private readonly TimeSpan _gateTimeout;
    private int _messages;

    private CheckedReader(ManualResetEventSlim? gate, TimeSpan gateTimeout)
    {
        _gate = gate;
        _gateTimeout = gateTimeout;
    }

    /// <summary>Completes when the first message is in the consumer's hands (before it waits on the gate).</summary>
    public Task FirstMessageInside => _firstMessageInside.Task;

    /// <summary>Completes when the enumeration has ended and been checked to stay ended.</summary>
    public Task Ended { get; private set; } = Task.CompletedTask;

    public int MessageCount => Volatile.Read(ref _messages);

    /// <summary>The exception the enumeration ended with, or <see langword="null"/> when it ended with false.</summary>
    public Exception? Error { get; private set; }

    public IReadOnlyList<string> Violations => [.. _violations];

    /// <summary>Starts consuming on the thread pool; with a <paramref name="gate"/>, each message is held until it opens.</summary>
    /// <remarks>The first <c>MoveNextAsync</c> is called before this returns, so the consumer has subscribed by then.</remarks>
    public static CheckedReader Start(WebSocketConnection connection, ManualResetEventSlim? gate = null, TimeSpan? gateTimeout = null)
    {
        var reader = new CheckedReader(gate, gateTimeout ?? TimeSpan.FromSeconds(20));
        var enumerator = connection.ReadAllAsync().GetAsyncEnumerator();
        reader.Ended = reader.ConsumeAsync(enumerator, reader.MoveNextAsync(enumerator));
        return reader;
    }

    public void AssertGrammar()
    {
        if (!_violations.IsEmpty)
        {
            Assert.Fail($"The ReadAllAsync consumer saw {_violations.Count} breach(es):\n  " + string.Join("\n  ", _violations));
        }
    }

    private async Task ConsumeAsync(IAsyncEnumerator<Message> enumerator, Task<bool> first)
    {
        await using (enumerator.ConfigureAwait(false))
        {
            var next = first;
            while (await next.ConfigureAwait(false))
            {
                var message = enumerator.Current;
                var number = Interlocked.Increment(ref _messages);
                _firstMessageInside.TrySetResult();
                if (_gate is { } gate && !gate.Wait(_gateTimeout))
                {
                    _violations.Enqueue($"Message #{number} waited {_gateTimeout.TotalSeconds:0} s at its gate and nobody opened it: the test or the connection hung");
                }

                if (enumerator.Current != message)
                {
                    _violations.Enqueue($"Current changed under the consumer while it held message #{number} (on thread {Environment.CurrentManagedThreadId})");
                }

                next = MoveNextAsync(enumerator);
            }

            var end = Error is null ? "false" : $"{Error.GetType().Name}: {Error.Message}";
            try
            {
                if (await enumerator.MoveNextAsync().ConfigureAwait(false))
                {
                    _violations.Enqueue($"After the enumeration ended ({end}), MoveNextAsync returned a {enumerator.Current.Type} message");
                }
            }
            catch (Exception)
            {
                // Ending again with an exception is consistent with the end.
            }
        }
    }

    private async Task<bool> MoveNextAsync(IAsyncEnumerator<Message> enumerator)
    {
        try
        {
            return await enumerator.MoveNextAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            Error = e;
            return false;
        }
    }
}
