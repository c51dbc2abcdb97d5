using System.Globalization;

namespace RxWebSocketStream.Testing;

public static partial class ReactiveAssert
{
    /// <summary>Asserts that <paramref name="action"/> throws <typeparamref name="TException"/> or a subtype.</summary>
    /// <typeparam name="TException">The expected exception type.</typeparam>
    /// <param name="action">The code to run.</param>
    /// <exception cref="ArgumentNullException"><paramref name="action"/> is <see langword="null"/>.</exception>
    /// <exception cref="ReactiveAssertException">
    /// Nothing was thrown, or an exception of another type was (it becomes the inner exception).
    /// </exception>
    public static void Throws<TException>(Action action)
        where TException : Exception =>
        Throws<TException>(action, message: null);

    /// <summary>Asserts that <paramref name="action"/> throws <typeparamref name="TException"/> or a subtype.</summary>
    /// <typeparam name="TException">The expected exception type.</typeparam>
    /// <param name="action">The code to run.</param>
    /// <param name="message">A message to show first when the assertion fails.</param>
    /// <exception cref="ArgumentNullException"><paramref name="action"/> is <see langword="null"/>.</exception>
    /// <exception cref="ReactiveAssertException">
    /// Nothing was thrown, or an exception of another type was (it becomes the inner exception).
    /// </exception>
    public static void Throws<TException>(Action action, string? message)
        where TException : Exception
    {
        ArgumentNullException.ThrowIfNull(action);
        _ = Catch<TException>(action, message);
    }

    /// <summary>Asserts that <paramref name="action"/> throws the very <paramref name="exception"/> instance.</summary>
    /// <typeparam name="TException">The expected exception type.</typeparam>
    /// <param name="exception">The exception that must be thrown (compared by reference).</param>
    /// <param name="action">The code to run.</param>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> or <paramref name="action"/> is <see langword="null"/>.</exception>
    /// <exception cref="ReactiveAssertException">
    /// Nothing was thrown, another instance was, or an exception of another type was.
    /// </exception>
    /// <remarks>
    /// Microsoft.Reactive.Testing does not check <paramref name="exception"/> for <see langword="null"/>; the
    /// assertion then always fails. Here it is an argument error, which fails the test just the same.
    /// </remarks>
    public static void Throws<TException>(TException exception, Action action)
        where TException : Exception =>
        Throws(exception, action, message: null);

    /// <summary>Asserts that <paramref name="action"/> throws the very <paramref name="exception"/> instance.</summary>
    /// <typeparam name="TException">The expected exception type.</typeparam>
    /// <param name="exception">The exception that must be thrown (compared by reference).</param>
    /// <param name="action">The code to run.</param>
    /// <param name="message">A message to show first when the assertion fails.</param>
    /// <exception cref="ArgumentNullException"><paramref name="exception"/> or <paramref name="action"/> is <see langword="null"/>.</exception>
    /// <exception cref="ReactiveAssertException">
    /// Nothing was thrown, another instance was, or an exception of another type was.
    /// </exception>
    /// <remarks>
    /// Microsoft.Reactive.Testing does not check <paramref name="exception"/> for <see langword="null"/>, and
    /// reports another instance with xunit's <c>Assert.Same</c> message; here the custom message comes first.
    /// </remarks>
    public static void Throws<TException>(TException exception, Action action, string? message)
        where TException : Exception
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(action);

        var thrown = Catch<TException>(action, message);
        if (!ReferenceEquals(thrown, exception))
        {
            throw new ReactiveAssertException(
                Prefix(message) + string.Format(
                    CultureInfo.InvariantCulture,
                    "Expected the very {0} instance ({1}), but another instance was thrown: {2}",
                    typeof(TException).Name,
                    exception.Message,
                    thrown.Message),
                thrown);
        }
    }

    /// <summary>Runs the action and returns what it threw, if that is a <typeparamref name="TException"/>.</summary>
    private static TException Catch<TException>(Action action, string? message)
        where TException : Exception
    {
        try
        {
            action();
        }
        catch (TException expected)
        {
            return expected;
        }
        catch (Exception other)
        {
            throw new ReactiveAssertException(
                Prefix(message) + string.Format(
                    CultureInfo.InvariantCulture,
                    "Expected {0}, but {1} was thrown: {2}",
                    typeof(TException).Name,
                    other.GetType().Name,
                    other.Message),
                other);
        }

        throw new ReactiveAssertException(
            Prefix(message) + string.Format(CultureInfo.InvariantCulture, "Expected {0}, but no exception was thrown.", typeof(TException).Name));
    }

    private static string Prefix(string? message) =>
        string.IsNullOrEmpty(message) ? string.Empty : message + Environment.NewLine;
}
