namespace RxWebSocketStream.Redis.Tests.Fixture;

/// <summary>
/// Tests against redis-server and Kestrel wait on events, never on time; this generous bound only turns a hang
/// into a failure.
/// </summary>
internal static class Guard
{
    public static readonly TimeSpan HangTimeout = TimeSpan.FromSeconds(30);

    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(HangTimeout);

    public static Task Within(this Task task) => task.WaitAsync(HangTimeout);
}
