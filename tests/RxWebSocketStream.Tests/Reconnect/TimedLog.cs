namespace RxWebSocketStream.Tests.Reconnect;

/// <summary>Records what an observable emitted, with the virtual time in ms, for plain assertions.</summary>
internal sealed class TimedLog<T>(VirtualSessionHarness harness) : IObserver<T>
{
    public List<(long AtMs, T Value)> Values { get; } = [];

    public (long AtMs, Exception Error)? Error { get; private set; }

    public long? CompletedAtMs { get; private set; }

    public IEnumerable<T> Items => Values.Select(v => v.Value);

    public void OnNext(T value) => Values.Add((harness.NowMs, value));

    public void OnError(Exception error) => Error = (harness.NowMs, error);

    public void OnCompleted() => CompletedAtMs = harness.NowMs;
}
