namespace Rxws.Tests.Infrastructure;

/// <summary>The tests wait on output lines and events, never on time; this bound only turns a hang into a failure.</summary>
internal static class Guard
{
    public static readonly TimeSpan HangTimeout = TimeSpan.FromSeconds(20);

    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(HangTimeout);

    public static Task Within(this Task task) => task.WaitAsync(HangTimeout);
}
