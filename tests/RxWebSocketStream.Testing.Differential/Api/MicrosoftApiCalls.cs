using System.Reactive;
using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Reflection;

namespace RxWebSocketStream.Testing.Differential.Api;

/// <summary>
/// Calls every public and protected member of Microsoft.Reactive.Testing through this kit, written as a user of
/// Microsoft's kit writes them, so a member missing here (or changed so that such a call no longer compiles)
/// fails the build. Each test names the members it calls; <see cref="EveryMicrosoftMember_IsCalledHere"/> checks that
/// the names cover the surface read from Microsoft's assembly, with nothing stale.
/// </summary>
public sealed class MicrosoftApiCalls : ReactiveTest
{
    private static readonly InvalidOperationException Error = new("boom");

    [Fact]
    public void EveryMicrosoftMember_IsCalledHere()
    {
        var called = typeof(MicrosoftApiCalls).GetMethods()
            .SelectMany(m => m.GetCustomAttributes<CallsAttribute>())
            .Select(a => a.Member)
            .ToList();

        Assert.Empty(called.GroupBy(c => c).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.Equal(ApiSurfaceTest.Microsoft.Concat(ApiSurfaceTest.AddedAfter311).Order(StringComparer.Ordinal), called.Order(StringComparer.Ordinal));
    }

    [Fact]
    [Calls("ReactiveTest: class")]
    [Calls("ReactiveTest: public new()")]
    [Calls("ReactiveTest: public const Int64 Created = 100")]
    [Calls("ReactiveTest: public const Int64 Subscribed = 200")]
    [Calls("ReactiveTest: public const Int64 Disposed = 1000")]
    public void ReactiveTest_ConstructorAndDefaultTimes()
    {
        var test = new ReactiveTest();

        Assert.NotNull(test);
        Assert.Equal((100L, 200L, 1000L), (Created, Subscribed, Disposed));
    }

    [Fact]
    [Calls("ReactiveTest: public static Recorded<Notification<T>> OnNext<T>(Int64 ticks, T value)")]
    [Calls("ReactiveTest: public static Recorded<Notification<T>> OnNext<T>(Int64 ticks, Func<T, Boolean> predicate)")]
    [Calls("ReactiveTest: public static Recorded<Notification<T>> OnCompleted<T>(Int64 ticks)")]
    [Calls("ReactiveTest: public static Recorded<Notification<T>> OnCompleted<T>(Int64 ticks, T witness)")]
    [Calls("ReactiveTest: public static Recorded<Notification<T>> OnError<T>(Int64 ticks, Exception exception)")]
    [Calls("ReactiveTest: public static Recorded<Notification<T>> OnError<T>(Int64 ticks, Exception exception, T witness)")]
    [Calls("ReactiveTest: public static Recorded<Notification<T>> OnError<T>(Int64 ticks, Func<Exception, Boolean> predicate)")]
    [Calls("ReactiveTest: public static Recorded<Notification<T>> OnError<T>(Int64 ticks, Func<Exception, Boolean> predicate, T witness)")]
    public void ReactiveTest_NotificationFactories()
    {
        var witness = new { Name = "x" };

        // A predicate notification is the expected side: it is the receiver of Equals.
        Assert.True(OnNext<int>(210, predicate: x => x == 1).Equals(OnNext(ticks: 210, value: 1)));
        Assert.Equal(NotificationKind.OnCompleted, OnCompleted<int>(ticks: 250).Value.Kind);
        Assert.Equal(250, OnCompleted(250, witness: witness).Time);
        Assert.True(OnError<int>(260, predicate: e => e == Error).Equals(OnError<int>(ticks: 260, exception: Error)));
        Assert.Same(Error, OnError(260, Error, witness).Value.Exception);
        Assert.True(OnError(260, e => e == Error, witness).Equals(OnError(260, Error, witness)));
    }

    [Fact]
    [Calls("ReactiveTest: public static Subscription Subscribe(Int64 start)")]
    [Calls("ReactiveTest: public static Subscription Subscribe(Int64 start, Int64 end)")]
    public void ReactiveTest_SubscriptionFactories()
    {
        Assert.Equal(Subscription.Infinite, Subscribe(start: 200).Unsubscribe);
        Assert.Equal(300, Subscribe(start: 200, end: 300).Unsubscribe);
    }

    [Fact]
    [Calls("Recorded<T>: struct : IEquatable<Recorded<T>>")]
    [Calls("Recorded<T>: public new(Int64 time, T value)")]
    [Calls("Recorded<T>: public Int64 Time { get; }")]
    [Calls("Recorded<T>: public T Value { get; }")]
    [Calls("Recorded<T>: public Boolean Equals(Recorded<T> other)")]
    [Calls("Recorded<T>: public override Boolean Equals(Object obj)")]
    [Calls("Recorded<T>: public override Int32 GetHashCode()")]
    [Calls("Recorded<T>: public override String ToString()")]
    [Calls("Recorded<T>: public static Boolean op_Equality(Recorded<T> left, Recorded<T> right)")]
    [Calls("Recorded<T>: public static Boolean op_Inequality(Recorded<T> left, Recorded<T> right)")]
    public void Recorded_Members()
    {
        IEquatable<Recorded<string>> recorded = new Recorded<string>(time: 210, value: "a");
        var same = new Recorded<string>(210, "a");

        Assert.True(recorded.Equals(same));
        Assert.True(same.Equals((object)recorded));
        Assert.Equal((210L, "a"), (same.Time, same.Value));
        Assert.Equal(recorded.GetHashCode(), same.GetHashCode());
        Assert.Equal("a@210", same.ToString());
        Assert.True(same == (Recorded<string>)recorded);
        Assert.False(same != (Recorded<string>)recorded);
    }

    [Fact]
    [Calls("Subscription: struct : IEquatable<Subscription>")]
    [Calls("Subscription: public const Int64 Infinite = 9223372036854775807")]
    [Calls("Subscription: public new(Int64 subscribe)")]
    [Calls("Subscription: public new(Int64 subscribe, Int64 unsubscribe)")]
    [Calls("Subscription: public Int64 Subscribe { get; }")]
    [Calls("Subscription: public Int64 Unsubscribe { get; }")]
    [Calls("Subscription: public Boolean Equals(Subscription other)")]
    [Calls("Subscription: public override Boolean Equals(Object obj)")]
    [Calls("Subscription: public override Int32 GetHashCode()")]
    [Calls("Subscription: public override String ToString()")]
    [Calls("Subscription: public static Boolean op_Equality(Subscription left, Subscription right)")]
    [Calls("Subscription: public static Boolean op_Inequality(Subscription left, Subscription right)")]
    public void Subscription_Members()
    {
        IEquatable<Subscription> live = new Subscription(subscribe: 200);
        var ended = new Subscription(subscribe: 200, unsubscribe: 300);

        Assert.Equal(Subscription.Infinite, ((Subscription)live).Unsubscribe);
        Assert.False(live.Equals(ended));
        Assert.False(ended.Equals((object)live));
        Assert.Equal((200L, 300L), (ended.Subscribe, ended.Unsubscribe));
        Assert.Equal(new Subscription(200, 300).GetHashCode(), ended.GetHashCode());
        Assert.Equal("(200, 300)", ended.ToString());
        Assert.True(ended == new Subscription(200, 300));
        Assert.True(ended != (Subscription)live);
    }

    [Fact]
    [Calls("TestScheduler: class : VirtualTimeScheduler<Int64, Int64>, IScheduler, IServiceProvider, IStopwatchProvider")]
    [Calls("TestScheduler: public new()")]
    [Calls("TestScheduler: public ITestableObservable<T> CreateHotObservable<T>(params Recorded<Notification<T>>[] messages)")]
    [Calls("TestScheduler: public ITestableObservable<T> CreateColdObservable<T>(params Recorded<Notification<T>>[] messages)")]
    [Calls("TestScheduler: public ITestableObserver<T> CreateObserver<T>()")]
    [Calls("TestScheduler: public ITestableObserver<T> Start<T>(Func<IObservable<T>> create)")]
    [Calls("TestScheduler: public ITestableObserver<T> Start<T>(Func<IObservable<T>> create, Int64 disposed)")]
    [Calls("TestScheduler: public ITestableObserver<T> Start<T>(Func<IObservable<T>> create, Int64 created, Int64 subscribed, Int64 disposed)")]
    [Calls("TestScheduler: public override IDisposable ScheduleAbsolute<TState>(TState state, Int64 dueTime, Func<IScheduler, TState, IDisposable> action)")]
    [Calls("ITestableObservable<T>: interface : IObservable<T>")]
    [Calls("ITestableObservable<T>: public IList<Subscription> Subscriptions { get; }")]
    [Calls("ITestableObservable<T>: public IList<Recorded<Notification<T>>> Messages { get; }")]
    [Calls("ITestableObserver<T>: interface : IObserver<T>")]
    [Calls("ITestableObserver<T>: public IList<Recorded<Notification<T>>> Messages { get; }")]
    public void TestScheduler_PublicMembers()
    {
        VirtualTimeScheduler<long, long> baseClass = new TestScheduler();
        var scheduler = (TestScheduler)baseClass;
        ITestableObservable<int> hot = scheduler.CreateHotObservable(OnNext(210, 1), OnCompleted<int>(250));
        IObservable<int> cold = scheduler.CreateColdObservable(OnNext(10, 2), OnCompleted<int>(20));
        ITestableObserver<int> observer = scheduler.CreateObserver<int>();
        IObserver<int> asObserver = observer;
        scheduler.ScheduleAbsolute(state: 7, dueTime: 300, action: (_, value) => { asObserver.OnNext(value); return System.Reactive.Disposables.Disposable.Empty; });

        var all = scheduler.Start(create: () => hot);
        var untilDisposed = new TestScheduler().Start(() => Observable.Never<int>(), disposed: 500);
        var timed = new TestScheduler().Start(() => Observable.Return(3), created: 10, subscribed: 20, disposed: 30);
        var timedScheduler = new TestScheduler();
        var timedOnScheduler = timedScheduler.Start(() => Observable.Return(3, timedScheduler), 10, 20, 30);

        all.Messages.AssertEqual(OnNext(210, 1), OnCompleted<int>(250));
        hot.Subscriptions.AssertEqual(Subscribe(200, 1000));
        Assert.Equal(2, hot.Messages.Count);
        Assert.Equal(2, ((ITestableObservable<int>)cold).Messages.Count);
        observer.Messages.AssertEqual(OnNext(300, 7));
        Assert.Empty(untilDisposed.Messages);
        timed.Messages.AssertEqual(OnNext(20, 3), OnCompleted<int>(20));
        timedOnScheduler.Messages.AssertEqual(OnNext(21, 3), OnCompleted<int>(21));
    }

    [Fact]
    [Calls("TestScheduler: protected override Int64 Add(Int64 absolute, Int64 relative)")]
    [Calls("TestScheduler: protected override DateTimeOffset ToDateTimeOffset(Int64 absolute)")]
    [Calls("TestScheduler: protected override Int64 ToRelative(TimeSpan timeSpan)")]
    public void TestScheduler_ProtectedMembers()
    {
        var scheduler = new DerivedScheduler();

        Assert.Equal(30, scheduler.CallAdd(10, 20));
        Assert.Equal(new DateTimeOffset(42, TimeSpan.Zero), scheduler.CallToDateTimeOffset(42));
        Assert.Equal(TimeSpan.FromSeconds(1).Ticks, scheduler.CallToRelative(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    [Calls("ReactiveAssert: static class")]
    [Calls("ReactiveAssert: public static Void AreElementsEqual<T>(IEnumerable<T> expected, IEnumerable<T> actual)")]
    [Calls("ReactiveAssert: public static Void AreElementsEqual<T>(IEnumerable<T> expected, IEnumerable<T> actual, String message)")]
    [Calls("ReactiveAssert: public static Void AreElementsEqual<T>(IObservable<T> expected, IObservable<T> actual)")]
    [Calls("ReactiveAssert: public static Void AreElementsEqual<T>(IObservable<T> expected, IObservable<T> actual, String message)")]
    [Calls("ReactiveAssert: public static Void AssertEqual<T>(this IEnumerable<T> actual, IEnumerable<T> expected)")]
    [Calls("ReactiveAssert: public static Void AssertEqual<T>(this IEnumerable<T> actual, params T[] expected)")]
    [Calls("ReactiveAssert: public static Void AssertEqual<T>(this IObservable<T> actual, IObservable<T> expected)")]
    public void ReactiveAssert_Equality()
    {
        ReactiveAssert.AreElementsEqual(expected: new[] { 1, 2 }, actual: [1, 2]);
        ReactiveAssert.AreElementsEqual(new[] { 1, 2 }, [1, 2], message: "m");
        ReactiveAssert.AreElementsEqual(expected: Observable.Range(1, 2), actual: Observable.Range(1, 2));
        ReactiveAssert.AreElementsEqual(Observable.Range(1, 2), Observable.Range(1, 2), message: "m");
        new[] { 1, 2 }.AssertEqual(expected: new List<int> { 1, 2 });
        new[] { 1, 2 }.AssertEqual(1, 2);
        Observable.Range(1, 2).AssertEqual(expected: Observable.Range(1, 2));
    }

    [Fact]
    [Calls("ReactiveAssert: public static Void AreElementsEqual<T>(IEnumerable<T> expected, IEnumerable<T> actual, IEqualityComparer<T> comparer)")]
    [Calls("ReactiveAssert: public static Void AreElementsEqual<T>(IEnumerable<T> expected, IEnumerable<T> actual, IEqualityComparer<T> comparer, String message)")]
    [Calls("ReactiveAssert: public static Void AreElementsEqual<T>(IObservable<T> expected, IObservable<T> actual, IEqualityComparer<T> comparer)")]
    [Calls("ReactiveAssert: public static Void AreElementsEqual<T>(IObservable<T> expected, IObservable<T> actual, IEqualityComparer<T> comparer, String message)")]
    [Calls("ReactiveAssert: public static Void AssertEqual<T>(this IEnumerable<T> actual, IEnumerable<T> expected, IEqualityComparer<T> comparer)")]
    [Calls("ReactiveAssert: public static Void AssertEqual<T>(this IObservable<T> actual, IObservable<T> expected, IEqualityComparer<T> comparer)")]
    public void ReactiveAssert_EqualityWithAComparer()
    {
        var comparer = StringComparer.OrdinalIgnoreCase;

        ReactiveAssert.AreElementsEqual(expected: new[] { "A" }, actual: ["a"], comparer: comparer);
        ReactiveAssert.AreElementsEqual(new[] { "A" }, ["a"], comparer, message: "m");
        ReactiveAssert.AreElementsEqual(expected: Observable.Return("A"), actual: Observable.Return("a"), comparer: comparer);
        ReactiveAssert.AreElementsEqual(Observable.Return("A"), Observable.Return("a"), comparer, message: "m");
        new[] { "a" }.AssertEqual(expected: new[] { "A" }, comparer: comparer);
        Observable.Return("a").AssertEqual(expected: Observable.Return("A"), comparer: comparer);
    }

    [Fact]
    [Calls("ReactiveAssert: public static Void Throws<TException>(Action action) where TException : Exception")]
    [Calls("ReactiveAssert: public static Void Throws<TException>(Action action, String message) where TException : Exception")]
    [Calls("ReactiveAssert: public static Void Throws<TException>(TException exception, Action action) where TException : Exception")]
    [Calls("ReactiveAssert: public static Void Throws<TException>(TException exception, Action action, String message) where TException : Exception")]
    public void ReactiveAssert_Throws()
    {
        ReactiveAssert.Throws<InvalidOperationException>(action: () => throw Error);
        ReactiveAssert.Throws<InvalidOperationException>(() => throw Error, message: "m");
        ReactiveAssert.Throws(exception: Error, action: () => throw Error);
        ReactiveAssert.Throws(Error, () => throw Error, message: "m");
    }

    private sealed class DerivedScheduler : TestScheduler
    {
        public long CallAdd(long absolute, long relative) => Add(absolute: absolute, relative: relative);

        public DateTimeOffset CallToDateTimeOffset(long absolute) => ToDateTimeOffset(absolute: absolute);

        public long CallToRelative(TimeSpan timeSpan) => ToRelative(timeSpan: timeSpan);
    }
}
