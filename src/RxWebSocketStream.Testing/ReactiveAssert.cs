using System.Reactive.Linq;
using RxWebSocketStream.Testing.Internal;

namespace RxWebSocketStream.Testing;

/// <summary>
/// Assertions for Rx tests, with the members and pass/fail behaviour of Microsoft.Reactive.Testing's
/// <c>ReactiveAssert</c>. A failure throws <see cref="ReactiveAssertException"/>, never a test framework's
/// exception, so the kit works under any framework.
/// </summary>
/// <remarks>
/// <para>
/// Sequences are compared as <c>expected.SequenceEqual(actual)</c> would: same length, and each expected
/// element <c>Equals</c> the actual one at the same index. The expected element is the receiver, so a
/// predicate notification from <see cref="ReactiveTest.OnNext{T}(long, Func{T, bool})"/> is applied to the
/// actual notification.
/// </para>
/// <para>
/// Differences from Microsoft.Reactive.Testing, none of which changes whether an assertion passes: the
/// failure message lists expected and actual one element per line and marks the first difference (the
/// original prints two comma-separated lines); when a custom message is given it comes first and the
/// comparison follows (the original shows the custom message alone); each sequence is enumerated once.
/// </para>
/// </remarks>
public static partial class ReactiveAssert
{
    /// <summary>Asserts that both sequences have the same length and equal elements.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="expected">The expected sequence.</param>
    /// <param name="actual">The actual sequence.</param>
    /// <exception cref="ArgumentNullException"><paramref name="expected"/> or <paramref name="actual"/> is <see langword="null"/>.</exception>
    /// <exception cref="ReactiveAssertException">The sequences differ.</exception>
    public static void AreElementsEqual<T>(IEnumerable<T> expected, IEnumerable<T> actual) =>
        AreElementsEqual(expected, actual, message: null);

    /// <summary>Asserts that both sequences have the same length and equal elements.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="expected">The expected sequence.</param>
    /// <param name="actual">The actual sequence.</param>
    /// <param name="message">A message to show first when the assertion fails.</param>
    /// <exception cref="ArgumentNullException"><paramref name="expected"/> or <paramref name="actual"/> is <see langword="null"/>.</exception>
    /// <exception cref="ReactiveAssertException">The sequences differ.</exception>
    public static void AreElementsEqual<T>(IEnumerable<T> expected, IEnumerable<T> actual, string? message)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        SequenceComparison.AssertEqual(expected, actual, message);
    }

    /// <summary>
    /// Asserts that both observables produce the same notifications (values, then completion or the very
    /// same exception). Both are subscribed to and waited for, so they must terminate.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="expected">The expected sequence.</param>
    /// <param name="actual">The actual sequence.</param>
    /// <exception cref="ArgumentNullException"><paramref name="expected"/> or <paramref name="actual"/> is <see langword="null"/>.</exception>
    /// <exception cref="ReactiveAssertException">The notifications differ.</exception>
    public static void AreElementsEqual<T>(IObservable<T> expected, IObservable<T> actual) =>
        AreElementsEqual(expected, actual, message: null);

    /// <summary>
    /// Asserts that both observables produce the same notifications (values, then completion or the very
    /// same exception). Both are subscribed to and waited for, so they must terminate.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="expected">The expected sequence.</param>
    /// <param name="actual">The actual sequence.</param>
    /// <param name="message">A message to show first when the assertion fails.</param>
    /// <exception cref="ArgumentNullException"><paramref name="expected"/> or <paramref name="actual"/> is <see langword="null"/>.</exception>
    /// <exception cref="ReactiveAssertException">The notifications differ.</exception>
    public static void AreElementsEqual<T>(IObservable<T> expected, IObservable<T> actual, string? message)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        AreElementsEqual(expected.Materialize().ToEnumerable(), actual.Materialize().ToEnumerable(), message);
    }

    /// <summary>Asserts that <paramref name="actual"/> has the same length and elements as <paramref name="expected"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="actual">The actual sequence.</param>
    /// <param name="expected">The expected sequence.</param>
    /// <exception cref="ArgumentNullException"><paramref name="actual"/> or <paramref name="expected"/> is <see langword="null"/>.</exception>
    /// <exception cref="ReactiveAssertException">The sequences differ.</exception>
    public static void AssertEqual<T>(this IEnumerable<T> actual, IEnumerable<T> expected)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(expected);
        AreElementsEqual(expected, actual);
    }

    /// <summary>
    /// Asserts that <paramref name="actual"/> has exactly the <paramref name="expected"/> elements, as in
    /// <c>res.Messages.AssertEqual(OnNext(210, 1), OnCompleted&lt;int&gt;(250))</c>.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="actual">The actual sequence.</param>
    /// <param name="expected">The expected elements.</param>
    /// <exception cref="ArgumentNullException"><paramref name="actual"/> or <paramref name="expected"/> is <see langword="null"/>.</exception>
    /// <exception cref="ReactiveAssertException">The sequences differ.</exception>
    public static void AssertEqual<T>(this IEnumerable<T> actual, params T[] expected)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(expected);
        AreElementsEqual(expected, actual);
    }

    /// <summary>Asserts that both observables produce the same notifications.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="actual">The actual sequence.</param>
    /// <param name="expected">The expected sequence.</param>
    /// <exception cref="ArgumentNullException"><paramref name="actual"/> or <paramref name="expected"/> is <see langword="null"/>.</exception>
    /// <exception cref="ReactiveAssertException">The notifications differ.</exception>
    public static void AssertEqual<T>(this IObservable<T> actual, IObservable<T> expected)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(expected);
        AreElementsEqual(expected, actual);
    }
}
