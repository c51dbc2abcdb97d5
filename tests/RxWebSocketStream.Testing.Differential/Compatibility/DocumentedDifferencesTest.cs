using System.Reactive.Concurrency;
using System.Reactive.Linq;
using Ms = Microsoft.Reactive.Testing;
using Ours = RxWebSocketStream.Testing;

namespace RxWebSocketStream.Testing.Differential.Compatibility;

/// <summary>
/// Each deliberate difference listed in docs/testing-kit-compatibility.md, shown on both kits: what
/// Microsoft.Reactive.Testing 3.1.1 does, and what this kit does instead. A row of that table without a test
/// here is a claim nobody checked.
/// </summary>
public sealed class DocumentedDifferencesTest
{
    [Fact]
    public void SynchronizationContext_MicrosoftKeepsTheCallers_OursRunsActionsWithNone()
    {
        var previous = SynchronizationContext.Current;
        var context = new SynchronizationContext();
        SynchronizationContext.SetSynchronizationContext(context);
        try
        {
            var (ours, microsoft) = (new Ours.TestScheduler(), new Ms.TestScheduler());
            SynchronizationContext? seenByOurs = context, seenByMicrosoft = null;
            ours.ScheduleAbsolute(10, () => seenByOurs = SynchronizationContext.Current);
            microsoft.ScheduleAbsolute(10, () => seenByMicrosoft = SynchronizationContext.Current);

            ours.Start();
            microsoft.Start();

            Assert.Null(seenByOurs);
            Assert.Same(context, seenByMicrosoft);
            Assert.Same(context, SynchronizationContext.Current);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    [Fact]
    public void Start_NegativeCreationTime_MicrosoftRunsItAtTick1_OursThrows()
    {
        var microsoft = new Ms.TestScheduler();
        var createdAt = -1L;

        microsoft.Start(() => { createdAt = microsoft.Clock; return Observable.Never<int>(); }, -5, 200, 1000);

        Assert.Equal(1, createdAt);
        Assert.Throws<ArgumentOutOfRangeException>("created", () => new Ours.TestScheduler().Start(Observable.Never<int>, -5, 200, 1000));
    }

    [Theory]
    [InlineData(100, 99, 1000, "subscribed")]
    [InlineData(100, 200, 199, "disposed")]
    public void Start_TimesOutOfOrder_MicrosoftFailsWhileRunning_OursThrowsBeforeScheduling(long created, long subscribed, long disposed, string parameter)
    {
        // Microsoft's Start subscribes to a source not created yet, or disposes a subscription not made yet.
        Assert.Throws<NullReferenceException>(() => new Ms.TestScheduler().Start(Observable.Never<int>, created, subscribed, disposed));
        Assert.Throws<ArgumentOutOfRangeException>(parameter, () => new Ours.TestScheduler().Start(Observable.Never<int>, created, subscribed, disposed));
    }

    [Fact]
    public void AssertionFailure_MicrosoftThrowsItsOwnCopyOfXunitsExceptions_OursThrowsReactiveAssertException()
    {
        var microsoft = Assert.ThrowsAny<Exception>(() => Ms.ReactiveAssert.AreElementsEqual([1], new[] { 2 }));
        var microsoftSame = Assert.ThrowsAny<Exception>(() => Ms.ReactiveAssert.Throws(new InvalidOperationException("a"), () => throw new InvalidOperationException("b")));

        Assert.Equal("Xunit.Sdk.TrueException", microsoft.GetType().FullName);
        Assert.Equal("Xunit.Sdk.SameException", microsoftSame.GetType().FullName);
        Assert.NotSame(typeof(Xunit.Sdk.TrueException).Assembly, microsoft.GetType().Assembly);
        Assert.Throws<Ours.ReactiveAssertException>(() => Ours.ReactiveAssert.AreElementsEqual([1], new[] { 2 }));
        Assert.Throws<Ours.ReactiveAssertException>(() => Ours.ReactiveAssert.Throws(new InvalidOperationException("a"), () => throw new InvalidOperationException("b")));
    }

    [Fact]
    public void FailureMessage_MicrosoftListsBothOnALine_OursOnePerLineWithTheCustomMessageFirst()
    {
        var microsoft = Assert.ThrowsAny<Exception>(() => Ms.ReactiveAssert.AreElementsEqual([1, 2], new[] { 1, 3 }));
        var microsoftCustom = Assert.ThrowsAny<Exception>(() => Ms.ReactiveAssert.AreElementsEqual([1, 2], new[] { 1, 3 }, "custom"));
        var ours = Assert.Throws<Ours.ReactiveAssertException>(() => Ours.ReactiveAssert.AreElementsEqual([1, 2], new[] { 1, 3 }, "custom"));

        Assert.Contains("Expected: [1, 2]", microsoft.Message, StringComparison.Ordinal);
        Assert.Contains("Actual..: [1, 3]", microsoft.Message, StringComparison.Ordinal);
        Assert.StartsWith("custom", microsoftCustom.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("[1, 2]", microsoftCustom.Message, StringComparison.Ordinal);
        Assert.StartsWith("custom" + Environment.NewLine + "Sequences differ at index 1", ours.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Throws_NullExpectedInstance_MicrosoftFailsTheAssertion_OursThrowsArgumentNullException()
    {
        var microsoft = Assert.ThrowsAny<Exception>(() => Ms.ReactiveAssert.Throws((InvalidOperationException)null!, () => throw new InvalidOperationException()));

        Assert.Equal("Xunit.Sdk.SameException", microsoft.GetType().FullName);
        Assert.Throws<ArgumentNullException>("exception", () => Ours.ReactiveAssert.Throws((InvalidOperationException)null!, () => throw new InvalidOperationException()));
    }

    [Fact]
    public void PredicateNotification_MicrosoftsKindAndHasValueThrow_OursAreTheMatchedKindAndFalse()
    {
        var microsoft = Ms.ReactiveTest.OnNext<int>(210, _ => true).Value;
        var ours = Ours.ReactiveTest.OnNext<int>(210, _ => true).Value;

        Assert.Throws<NotSupportedException>(() => microsoft.Kind);
        Assert.Throws<NotSupportedException>(() => microsoft.HasValue);
        Assert.Equal(System.Reactive.NotificationKind.OnNext, ours.Kind);
        Assert.False(ours.HasValue);
    }

    [Fact]
    public void PredicateNotification_ComparedWithAnotherPredicate_MicrosoftThrows_OursIsUnequal()
    {
        var microsoft = Ms.ReactiveTest.OnNext<int>(210, _ => true);
        var ours = Ours.ReactiveTest.OnNext<int>(210, _ => true);

        Assert.Throws<NotSupportedException>(() => microsoft.Equals(Ms.ReactiveTest.OnNext<int>(210, _ => true)));
        Assert.False(ours.Equals(Ours.ReactiveTest.OnNext<int>(210, _ => true)));
    }

    [Fact]
    public void PredicateNotification_ToString_MicrosoftPrintsItsTypeName_OursTheKind()
    {
        Assert.StartsWith("Microsoft.Reactive.Testing.ReactiveTest+OnNextPredicate", Ms.ReactiveTest.OnNext<int>(210, _ => true).ToString(), StringComparison.Ordinal);
        Assert.Equal("OnNext(?)@210", Ours.ReactiveTest.OnNext<int>(210, _ => true).ToString());
    }

    [Fact]
    public void Recorded_ToStringOfANullValue_MicrosoftThrows_OursPrintsTheTime()
    {
        Assert.Throws<NullReferenceException>(() => new Ms.Recorded<string?>(210, null).ToString());
        Assert.Equal("@210", new Ours.Recorded<string?>(210, null).ToString());
    }

    [Fact]
    public void MarbleMode_OursOnly_RunsWorkDueNowInTheSameTick()
    {
        var marble = new Ours.TestScheduler(Ours.TestSchedulerMode.Marble);
        var microsoft = new Ms.TestScheduler();
        var (marbleAt, microsoftAt) = (-1L, -1L);
        marble.ScheduleAbsolute(10, () => marble.Schedule(() => marbleAt = marble.Clock));
        microsoft.ScheduleAbsolute(10, () => microsoft.Schedule(() => microsoftAt = microsoft.Clock));

        marble.Start();
        microsoft.Start();

        Assert.Equal((10L, 11L), (marbleAt, microsoftAt));
    }
}
