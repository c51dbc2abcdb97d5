using System.Diagnostics;
using System.Globalization;

namespace RxWebSocketStream.Testing;

/// <summary>
/// A value with the virtual time at which it was produced or observed.
/// </summary>
/// <typeparam name="T">The type of the recorded value.</typeparam>
[DebuggerDisplay("{Value}@{Time}")]
[Serializable]
public readonly struct Recorded<T> : IEquatable<Recorded<T>>
{
    /// <summary>
    /// Creates a recorded value.
    /// </summary>
    /// <param name="time">The virtual time, in ticks.</param>
    /// <param name="value">The value.</param>
    public Recorded(long time, T value)
    {
        Time = time;
        Value = value;
    }

    /// <summary>Gets the virtual time, in ticks, at which the value was recorded.</summary>
    public long Time { get; }

    /// <summary>Gets the recorded value.</summary>
    public T Value { get; }

    /// <summary>
    /// Whether this and <paramref name="other"/> have the same time and equal values. Values are compared
    /// with this instance's value as the receiver, so an expected predicate notification is applied to
    /// the actual one.
    /// </summary>
    /// <param name="other">The other recorded value.</param>
    /// <returns><see langword="true"/> when time and value are equal.</returns>
    public bool Equals(Recorded<T> other) => Time == other.Time && EqualityComparer<T>.Default.Equals(Value, other.Value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Recorded<T> other && Equals(other);

    /// <summary>
    /// Returns the time's hash plus the value's, the formula Microsoft.Reactive.Testing uses, so hash codes
    /// are the same in every process.
    /// </summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode() => Time.GetHashCode() + EqualityComparer<T>.Default.GetHashCode(Value!);

    /// <summary>Whether two recorded values are equal.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when they are equal.</returns>
    public static bool operator ==(Recorded<T> left, Recorded<T> right) => left.Equals(right);

    /// <summary>Whether two recorded values differ.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns><see langword="true"/> when they differ.</returns>
    public static bool operator !=(Recorded<T> left, Recorded<T> right) => !left.Equals(right);

    /// <summary>
    /// Returns <c>value@time</c>, the format Microsoft.Reactive.Testing uses. A <see langword="null"/> value
    /// prints as nothing (<c>@time</c>), where Microsoft.Reactive.Testing throws a <see cref="NullReferenceException"/>.
    /// </summary>
    /// <returns>The value and its time.</returns>
    public override string ToString() => string.Format(CultureInfo.CurrentCulture, "{0}@{1}", Value, Time);
}
