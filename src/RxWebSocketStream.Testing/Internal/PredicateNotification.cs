using System.Reactive;

namespace RxWebSocketStream.Testing.Internal;

/// <summary>
/// An expected notification that matches actual ones by a predicate. Equality is applied from the
/// expected side (this instance) to the actual one, as in Microsoft.Reactive.Testing.
/// </summary>
/// <remarks>
/// As in Microsoft.Reactive.Testing, <see cref="Value"/>, <see cref="Exception"/> and every <c>Accept</c>
/// throw <see cref="NotSupportedException"/>, so comparing the wrong way round (actual.Equals(expected))
/// fails loudly instead of passing. Two deliberate differences: <see cref="Notification{T}.Kind"/> reports the kind the
/// predicate matches (Microsoft.Reactive.Testing throws), so an actual notification of another kind simply
/// compares unequal and failure messages can print it; and <see cref="HasValue"/> is <see langword="false"/>.
/// </remarks>
internal abstract class PredicateNotification<T> : Notification<T>
{
    public override T Value => throw new NotSupportedException("A predicate notification has no value; it only matches actual notifications.");

    public override bool HasValue => false;

    public override Exception Exception => throw new NotSupportedException("A predicate notification has no exception; it only matches actual notifications.");

    public override void Accept(IObserver<T> observer) => throw NotAcceptable();

    public override TResult Accept<TResult>(IObserver<T, TResult> observer) => throw NotAcceptable();

    public override void Accept(Action<T> onNext, Action<Exception> onError, Action onCompleted) => throw NotAcceptable();

    public override TResult Accept<TResult>(Func<T, TResult> onNext, Func<Exception, TResult> onError, Func<TResult> onCompleted) => throw NotAcceptable();

    public override bool Equals(object? obj) => Equals(obj as Notification<T>);

    public override int GetHashCode() => (int)Kind;

    private static NotSupportedException NotAcceptable() =>
        new("A predicate notification only describes what is expected; it cannot be delivered to an observer.");
}

/// <summary>Matches an <c>OnNext</c> whose value satisfies the predicate.</summary>
internal sealed class OnNextPredicate<T>(Func<T, bool> predicate) : PredicateNotification<T>
{
    public override NotificationKind Kind => NotificationKind.OnNext;

    public override bool Equals(Notification<T>? other) =>
        ReferenceEquals(this, other) || (other is { Kind: NotificationKind.OnNext } && other is not PredicateNotification<T> && predicate(other.Value));

    public override string ToString() => "OnNext(?)";
}

/// <summary>Matches an <c>OnError</c> whose exception satisfies the predicate.</summary>
internal sealed class OnErrorPredicate<T>(Func<Exception, bool> predicate) : PredicateNotification<T>
{
    public override NotificationKind Kind => NotificationKind.OnError;

    public override bool Equals(Notification<T>? other) =>
        ReferenceEquals(this, other) || (other is { Kind: NotificationKind.OnError } && other is not PredicateNotification<T> && predicate(other.Exception!));

    public override string ToString() => "OnError(?)";
}
