using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using Xunit.Sdk;

[assembly: RxWebSocketStream.Tests.FailOnUnobservedTaskExceptions]

namespace RxWebSocketStream.Tests;

/// <summary>
/// Records every task exception that nobody observed, from the moment this assembly loads. The runtime
/// raises <see cref="TaskScheduler.UnobservedTaskException"/> only when a faulted task's finalizer runs, so
/// an exception shows up at the first garbage collection after the task died, in whatever test is running
/// then: <see cref="AssertNone"/> can force that collection.
/// </summary>
internal static class UnobservedExceptions
{
    private static readonly ConcurrentQueue<Exception> Recorded = new();

    [ModuleInitializer]
    internal static void Hook() => TaskScheduler.UnobservedTaskException += static (_, e) => Recorded.Enqueue(e.Exception);

    /// <summary>
    /// Throws if any unobserved task exception was recorded since the last check (and forgets them, so one
    /// leak fails one test, not every later one). With <paramref name="collect"/>, first runs a full
    /// collection and the finalizers, so that every task that has died by now is reported.
    /// </summary>
    public static void AssertNone(bool collect)
    {
        if (collect)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        List<Exception> found = [];
        while (Recorded.TryDequeue(out var e))
        {
            found.Add(e);
        }

        if (found.Count > 0)
        {
            throw new XunitException(
                $"{found.Count} unobserved task exception(s) surfaced during this test (the task may belong to an earlier one; " +
                $"finalizers run at the first collection after it died):{Environment.NewLine}" +
                string.Join(Environment.NewLine + "---" + Environment.NewLine, found.Select(e => e.ToString())));
        }
    }
}

/// <summary>
/// Fails any test of the assembly during which an unobserved task exception surfaced. xunit 2.9.3 applies
/// an assembly-level <see cref="BeforeAfterTestAttribute"/> to every test; it does not force a collection
/// (one per test would slow the suite), the hygiene test does.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly)]
internal sealed class FailOnUnobservedTaskExceptionsAttribute : BeforeAfterTestAttribute
{
    public override void After(MethodInfo methodUnderTest) => UnobservedExceptions.AssertNone(collect: false);
}
