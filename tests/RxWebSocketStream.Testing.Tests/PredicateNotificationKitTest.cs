using System.Reactive;

namespace RxWebSocketStream.Testing.Tests;

/// <summary>
/// Where predicate notifications deliberately differ from Microsoft.Reactive.Testing's: their <c>Kind</c> is
/// the kind they match (Microsoft's throws), so they compare unequal to anything else and print readably.
/// </summary>
public sealed class PredicateNotificationKitTest : ReactiveTest
{
    [Fact]
    public void Equals_AnotherPredicate_IsFalseUnlessTheSameInstance()
    {
        var first = OnNext<int>(210, _ => true);
        var second = OnNext<int>(210, _ => true);

        Assert.False(first.Equals(second));
        Assert.True(first.Equals(first));
    }

    [Fact]
    public void Predicate_HasNoValueNorException_AndCannotBeDelivered()
    {
        var notification = OnNext<int>(210, _ => true).Value;
        var observer = new TestScheduler().CreateObserver<int>();

        Assert.Equal(NotificationKind.OnNext, notification.Kind);
        Assert.False(notification.HasValue);
        Assert.Throws<NotSupportedException>(() => notification.Value);
        Assert.Throws<NotSupportedException>(() => notification.Exception);
        Assert.Throws<NotSupportedException>(() => notification.Accept(observer));
        Assert.Throws<NotSupportedException>(() => notification.Accept(_ => { }, _ => { }, () => { }));
        Assert.Throws<NotSupportedException>(() => notification.Accept(_ => 1, _ => 2, () => 3));
        Assert.Empty(observer.Messages);
    }

    [Fact]
    public void ToString_ShowsTheKindWithAQuestionMark()
    {
        Assert.Equal("OnNext(?)@210", OnNext<int>(210, _ => true).ToString());
        Assert.Equal("OnError(?)@230", OnError<int>(230, _ => true).ToString());
    }
}
