namespace RxWebSocketStream.Testing;

/// <summary>
/// How a <see cref="TestScheduler"/> treats work scheduled for the current virtual time or earlier.
/// </summary>
public enum TestSchedulerMode
{
    /// <summary>
    /// As Microsoft.Reactive.Testing: work due at or before <c>Clock</c> runs at <c>Clock + 1</c>.
    /// Tests written for Microsoft.Reactive.Testing expect this.
    /// </summary>
    Compatible,

    /// <summary>
    /// As RxJS marble testing: work due at or before <c>Clock</c> runs in the current frame, after the
    /// work already queued for it (first in, first out). The marble DSL uses this mode.
    /// </summary>
    Marble,
}
