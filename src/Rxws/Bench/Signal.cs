using System.Threading.Tasks.Sources;

namespace Rxws.Bench;

/// <summary>
/// A reusable one-shot event for per-message hand-offs (echo): <see cref="Set"/> from the receiving side,
/// <see cref="WaitAsync"/> from the measuring loop, no allocation per use. The continuation runs inline on
/// the thread that calls <see cref="Set"/>, as with a <see cref="TaskCompletionSource"/> made without
/// <see cref="TaskCreationOptions.RunContinuationsAsynchronously"/>, so the harness adds no thread hop of its own.
/// </summary>
/// <remarks>One <see cref="Set"/> per <see cref="WaitAsync"/>; the set may come first.</remarks>
internal sealed class Signal : IValueTaskSource
{
    private ManualResetValueTaskSourceCore<bool> _core;

    public void Set() => _core.SetResult(true);

    /// <summary>Fails the current wait: the connection under the loop broke.</summary>
    public void Fail(Exception error) => _core.SetException(error);

    public ValueTask WaitAsync() => new(this, _core.Version);

    void IValueTaskSource.GetResult(short token)
    {
        _core.GetResult(token);
        _core.Reset();
    }

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
