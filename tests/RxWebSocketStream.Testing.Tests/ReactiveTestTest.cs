using System.Reactive;

// A compatibility claim: tests/RxWebSocketStream.Testing.Differential compiles this file again against
// Microsoft.Reactive.Testing 3.1.1, so every test here must pass with either kit.
#if MICROSOFT_ORACLE
using Microsoft.Reactive.Testing;

namespace CompatibilityOnMicrosoftKit;
#else
namespace RxWebSocketStream.Testing.Tests;
#endif

public sealed class ReactiveTestTest : ReactiveTest
{
    private static readonly Func<int, bool> NullValuePredicate = null!;
    private static readonly Func<Exception, bool> NullErrorPredicate = null!;

    [Fact]
    public void OnNext_NullPredicate_Throws() =>
        Assert.Throws<ArgumentNullException>("predicate", () => OnNext(210, NullValuePredicate));

    [Fact]
    public void OnError_NullException_Throws() =>
        Assert.Throws<ArgumentNullException>("exception", () => OnError<int>(210, (Exception)null!));

    [Fact]
    public void OnError_NullPredicate_Throws() =>
        Assert.Throws<ArgumentNullException>("predicate", () => OnError<int>(210, NullErrorPredicate));

    [Fact]
    public void OnError_WitnessAndNullException_Throws() =>
        Assert.Throws<ArgumentNullException>("exception", () => OnError(210, (Exception)null!, 42));

    [Fact]
    public void OnError_WitnessAndNullPredicate_Throws() =>
        Assert.Throws<ArgumentNullException>("predicate", () => OnError(210, NullErrorPredicate, 42));

    [Fact]
    public void DefaultTimes_Are100And200And1000()
    {
        Assert.Equal(100, Created);
        Assert.Equal(200, Subscribed);
        Assert.Equal(1000, Disposed);
    }

    [Fact]
    public void OnNext_Value_RecordsAnOnNextNotificationAtTheTime()
    {
        var recorded = OnNext(210, 42);

        Assert.Equal(210, recorded.Time);
        Assert.Equal(Notification.CreateOnNext(42), recorded.Value);
        Assert.Equal(new Recorded<Notification<int>>(210, Notification.CreateOnNext(42)), recorded);
        Assert.NotEqual(OnNext(210, 43), recorded);
        Assert.NotEqual(OnNext(211, 42), recorded);
    }

    [Fact]
    public void OnNext_Predicate_MatchesAnActualOnNextWhoseValueSatisfiesIt()
    {
        var expected = OnNext<int>(210, x => x > 40);

        Assert.True(expected.Equals(OnNext(210, 42)));
        Assert.False(expected.Equals(OnNext(210, 39)));
        Assert.False(expected.Equals(OnNext(211, 42)));
        Assert.False(expected.Equals(OnCompleted<int>(210)));
        Assert.False(expected.Equals(OnError<int>(210, new InvalidOperationException())));
    }

    [Fact]
    public void OnCompleted_RecordsACompletionAtTheTime()
    {
        var recorded = OnCompleted<int>(250);

        Assert.Equal(250, recorded.Time);
        Assert.Equal(NotificationKind.OnCompleted, recorded.Value.Kind);
        Assert.Equal(new Recorded<Notification<int>>(250, Notification.CreateOnCompleted<int>()), recorded);
    }

    [Fact]
    public void OnCompleted_Witness_InfersAnAnonymousElementType()
    {
        var witness = new { Name = "a", Count = 1 };

        var recorded = OnCompleted(250, witness);

        Assert.Equal(Completion(250, witness), recorded);
    }

    [Fact]
    public void OnError_Exception_RecordsThatVeryException()
    {
        var error = new InvalidOperationException("boom");

        var recorded = OnError<int>(230, error);

        Assert.Equal(230, recorded.Time);
        Assert.Same(error, recorded.Value.Exception);
        Assert.Equal(OnError<int>(230, error), recorded);
        Assert.NotEqual(OnError<int>(230, new InvalidOperationException("boom")), recorded);
    }

    [Fact]
    public void OnError_Predicate_MatchesAnActualOnErrorWhoseExceptionSatisfiesIt()
    {
        var expected = OnError<int>(230, e => e is InvalidOperationException { Message: "boom" });

        Assert.True(expected.Equals(OnError<int>(230, new InvalidOperationException("boom"))));
        Assert.False(expected.Equals(OnError<int>(230, new InvalidOperationException("other"))));
        Assert.False(expected.Equals(OnError<int>(231, new InvalidOperationException("boom"))));
        Assert.False(expected.Equals(OnNext(230, 1)));
    }

    [Fact]
    public void OnError_ExceptionAndWitness_InfersAnAnonymousElementType()
    {
        var witness = new { Name = "a" };
        var error = new InvalidOperationException("boom");

        var recorded = OnError(230, error, witness);

        Assert.Same(error, recorded.Value.Exception);
        Assert.Equal(Failure(230, error, witness), recorded);
    }

    [Fact]
    public void OnError_PredicateAndWitness_InfersAnAnonymousElementType()
    {
        var witness = new { Name = "a" };

        var expected = OnError(230, e => e.Message == "boom", witness);

        Assert.True(expected.Equals(Failure(230, new InvalidOperationException("boom"), witness)));
        Assert.False(expected.Equals(Failure(230, new InvalidOperationException("other"), witness)));
    }

    [Fact]
    public void Subscribe_StartAndEnd_RecordsBoth()
    {
        var subscription = Subscribe(200, 1000);

        Assert.Equal(new Subscription(200, 1000), subscription);
        Assert.Equal((200L, 1000L), (subscription.Subscribe, subscription.Unsubscribe));
    }

    [Fact]
    public void Subscribe_StartOnly_IsNeverDisposed()
    {
        var subscription = Subscribe(200);

        Assert.Equal(Subscription.Infinite, subscription.Unsubscribe);
        Assert.Equal(new Subscription(200, long.MaxValue), subscription);
    }

    private static Recorded<Notification<T>> Completion<T>(long time, T witness)
    {
        _ = witness;
        return new(time, Notification.CreateOnCompleted<T>());
    }

    private static Recorded<Notification<T>> Failure<T>(long time, Exception error, T witness)
    {
        _ = witness;
        return new(time, Notification.CreateOnError<T>(error));
    }
}
