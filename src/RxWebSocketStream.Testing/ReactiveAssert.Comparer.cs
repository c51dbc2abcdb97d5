using System.Reactive.Linq;
using RxWebSocketStream.Testing.Internal;

namespace RxWebSocketStream.Testing;

public static partial class ReactiveAssert
{
    /// <summary>Asserts that both sequences have the same length and elements that <paramref name="comparer"/> finds equal.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="expected">The expected sequence.</param>
    /// <param name="actual">The actual sequence.</param>
    /// <param name="comparer">Compares each expected element (first argument) with the actual one at the same index.</param>
    /// <exception cref="ArgumentNullException"><paramref name="expected"/>, <paramref name="actual"/> or <paramref name="comparer"/> is <see langword="null"/>.</exception>
    /// <exception cref="ReactiveAssertException">The sequences differ.</exception>
    public static void AreElementsEqual<T>(IEnumerable<T> expected, IEnumerable<T> actual, IEqualityComparer<T> comparer) =>
        AreElementsEqual(expected, actual, comparer, message: null);

    /// <summary>Asserts that both sequences have the same length and elements that <paramref name="comparer"/> finds equal.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="expected">The expected sequence.</param>
    /// <param name="actual">The actual sequence.</param>
    /// <param name="comparer">Compares each expected element (first argument) with the actual one at the same index.</param>
    /// <param name="message">A message to show first when the assertion fails.</param>
    /// <exception cref="ArgumentNullException"><paramref name="expected"/>, <paramref name="actual"/> or <paramref name="comparer"/> is <see langword="null"/>.</exception>
    /// <exception cref="ReactiveAssertException">The sequences differ.</exception>
    public static void AreElementsEqual<T>(IEnumerable<T> expected, IEnumerable<T> actual, IEqualityComparer<T> comparer, string? message)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(comparer);
        SequenceComparison.AssertEqual(expected, actual, message, comparer);
    }

    /// <summary>
    /// Asserts that both observables produce the same notifications, with values compared by
    /// <paramref name="comparer"/>; a completion matches a completion, an error the very same exception. Both
    /// are subscribed to and waited for, so they must terminate.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="expected">The expected sequence.</param>
    /// <param name="actual">The actual sequence.</param>
    /// <param name="comparer">Compares each expected value (first argument) with the actual one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="expected"/>, <paramref name="actual"/> or <paramref name="comparer"/> is <see langword="null"/>.</exception>
    /// <exception cref="ReactiveAssertException">The notifications differ.</exception>
    public static void AreElementsEqual<T>(IObservable<T> expected, IObservable<T> actual, IEqualityComparer<T> comparer) =>
        AreElementsEqual(expected, actual, comparer, message: null);

    /// <summary>
    /// Asserts that both observables produce the same notifications, with values compared by
    /// <paramref name="comparer"/>; a completion matches a completion, an error the very same exception. Both
    /// are subscribed to and waited for, so they must terminate.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="expected">The expected sequence.</param>
    /// <param name="actual">The actual sequence.</param>
    /// <param name="comparer">Compares each expected value (first argument) with the actual one.</param>
    /// <param name="message">A message to show first when the assertion fails.</param>
    /// <exception cref="ArgumentNullException"><paramref name="expected"/>, <paramref name="actual"/> or <paramref name="comparer"/> is <see langword="null"/>.</exception>
    /// <exception cref="ReactiveAssertException">The notifications differ.</exception>
    public static void AreElementsEqual<T>(IObservable<T> expected, IObservable<T> actual, IEqualityComparer<T> comparer, string? message)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(comparer);
        SequenceComparison.AssertEqual(
            expected.Materialize().ToEnumerable(),
            actual.Materialize().ToEnumerable(),
            message,
            new NotificationComparer<T>(comparer));
    }

    /// <summary>
    /// Asserts that <paramref name="actual"/> has the same length as <paramref name="expected"/> and elements that
    /// <paramref name="comparer"/> finds equal.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="actual">The actual sequence.</param>
    /// <param name="expected">The expected sequence.</param>
    /// <param name="comparer">Compares each expected element (first argument) with the actual one at the same index.</param>
    /// <exception cref="ArgumentNullException"><paramref name="actual"/>, <paramref name="expected"/> or <paramref name="comparer"/> is <see langword="null"/>.</exception>
    /// <exception cref="ReactiveAssertException">The sequences differ.</exception>
    public static void AssertEqual<T>(this IEnumerable<T> actual, IEnumerable<T> expected, IEqualityComparer<T> comparer)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(expected);
        AreElementsEqual(expected, actual, comparer);
    }

    /// <summary>Asserts that both observables produce the same notifications, with values compared by <paramref name="comparer"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="actual">The actual sequence.</param>
    /// <param name="expected">The expected sequence.</param>
    /// <param name="comparer">Compares each expected value (first argument) with the actual one.</param>
    /// <exception cref="ArgumentNullException"><paramref name="actual"/>, <paramref name="expected"/> or <paramref name="comparer"/> is <see langword="null"/>.</exception>
    /// <exception cref="ReactiveAssertException">The notifications differ.</exception>
    public static void AssertEqual<T>(this IObservable<T> actual, IObservable<T> expected, IEqualityComparer<T> comparer)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(expected);
        AreElementsEqual(expected, actual, comparer);
    }
}
