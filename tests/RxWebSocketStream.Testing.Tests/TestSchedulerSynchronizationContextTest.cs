using System.Reactive.Concurrency;

namespace RxWebSocketStream.Testing.Tests;

/// <summary>
/// docs/testing.md ("Timing and determinism"): the runtime runs an <c>await</c> continuation inline only when the completing thread has no
/// SynchronizationContext. xunit installs one, so <see cref="TestScheduler"/> clears it around each action.
/// </summary>
public sealed class TestSchedulerSynchronizationContextTest
{
    [Fact]
    public void Action_RunsWithoutSynchronizationContext_AndTheTestContextIsRestored()
    {
        var testContext = SynchronizationContext.Current;
        Assert.NotNull(testContext); // xunit's AsyncTestSyncContext: without it this test would prove nothing.
        var scheduler = new TestScheduler();
        var insideAction = testContext;

        scheduler.ScheduleAbsolute(10, () => insideAction = SynchronizationContext.Current);
        scheduler.Start();

        Assert.Null(insideAction);
        Assert.Same(testContext, SynchronizationContext.Current);
    }

    [Theory]
    [InlineData(TestSchedulerMode.Compatible)]
    [InlineData(TestSchedulerMode.Marble)]
    public void AwaitContinuation_TaskCompletedInsideAnAction_RunsInlineOnTheSameThreadInOrder(TestSchedulerMode mode)
    {
        Assert.NotNull(SynchronizationContext.Current);
        var scheduler = new TestScheduler(mode);
        var log = new List<string>();
        var completion = new TaskCompletionSource();
        var consumer = ConsumeAsync(completion.Task, log);
        var schedulerThread = -1;

        scheduler.ScheduleAbsolute(10, () =>
        {
            schedulerThread = Environment.CurrentManagedThreadId;
            log.Add("completing");
            completion.SetResult();
            log.Add($"completed@{scheduler.Clock}");
        });
        scheduler.Start();

        Assert.True(consumer.IsCompletedSuccessfully);
        Assert.Equal(["awaiting", "completing", $"resumed@{schedulerThread}", "completed@10"], log);
    }

    [Fact]
    public void AwaitContinuation_UnderAnyPostingContext_RunsInlineInsideTheScheduler()
    {
        var posting = new RecordingContext();
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(posting);
        try
        {
            var scheduler = new TestScheduler();
            var log = new List<string>();
            var completion = new TaskCompletionSource();
            var consumer = ConsumeAsync(completion.Task, log);

            scheduler.ScheduleAbsolute(10, () =>
            {
                completion.SetResult();
                log.Add("after SetResult");
            });
            scheduler.Start();

            Assert.True(consumer.IsCompletedSuccessfully);
            Assert.Equal(["awaiting", $"resumed@{Environment.CurrentManagedThreadId}", "after SetResult"], log);
            Assert.Equal(0, posting.Posts);
            Assert.Same(posting, SynchronizationContext.Current);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private static async Task ConsumeAsync(Task task, List<string> log)
    {
        log.Add("awaiting");
        await task.ConfigureAwait(false);
        log.Add($"resumed@{Environment.CurrentManagedThreadId}");
    }

    /// <summary>Counts posts and never runs them, so nothing leaves the test thread.</summary>
    private sealed class RecordingContext : SynchronizationContext
    {
        public int Posts { get; private set; }

        public override void Post(SendOrPostCallback d, object? state) => Posts++;
    }
}
