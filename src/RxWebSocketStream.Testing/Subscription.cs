using System.Diagnostics;
using System.Globalization;

namespace RxWebSocketStream.Testing;

/// <summary>
/// The virtual times at which an observer subscribed to and unsubscribed from a test observable.
/// </summary>
[DebuggerDisplay("({Subscribe}, {Unsubscribe})")]
[Serializable]
public readonly struct Subscription : IEquatable<Subscription>
{
    /// <summary>The unsubscription time of a subscription that was never disposed.</summary>
    public const long Infinite = long.MaxValue;

    /// <summary>Creates a subscription that was never disposed.</summary>
    /// <param name="subscribe">The virtual time of the subscription.</param>
    public Subscription(long subscribe)
        : this(subscribe, Infinite)
    {
    }

    /// <summary>Creates a subscription with both times.</summary>
    /// <param name="subscribe">The virtual time of the subscription.</param>
    /// <param name="unsubscribe">The virtual time of the unsubscription.</param>
    public Subscription(long subscribe, long unsubscribe)
    {
        Subscribe = subscribe;
        Unsubscribe = unsubscribe;
    }

    /// <summary>Gets the virtual time of the subscription.</summary>
    public long Subscribe { get; }

    /// <summary>Gets the virtual time of the unsubscription, or <see cref="Infinite"/>.</summary>
    public long Unsubscribe { get; }

    /// <inheritdoc />
    public bool Equals(Subscription other) => Subscribe == other.Subscribe && Unsubscribe == other.Unsubscribe;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Subscription other && Equals(other);

    /// <summary>
    /// Returns the two times' hashes combined with exclusive or, the formula Microsoft.Reactive.Testing uses,
    /// so hash codes are the same in every process.
    /// </summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode() => Subscribe.GetHashCode() ^ Unsubscribe.GetHashCode();

    /// <summary>Whether two subscriptions are equal.</summary>
    /// <param name="left">The first subscription.</param>
    /// <param name="right">The second subscription.</param>
    /// <returns><see langword="true"/> when they are equal.</returns>
    public static bool operator ==(Subscription left, Subscription right) => left.Equals(right);

    /// <summary>Whether two subscriptions differ.</summary>
    /// <param name="left">The first subscription.</param>
    /// <param name="right">The second subscription.</param>
    /// <returns><see langword="true"/> when they differ.</returns>
    public static bool operator !=(Subscription left, Subscription right) => !left.Equals(right);

    /// <summary>Returns <c>(subscribe, unsubscribe)</c>, with <c>Infinite</c> for a live subscription.</summary>
    /// <returns>The two times.</returns>
    public override string ToString() => Unsubscribe == Infinite
        ? string.Format(CultureInfo.CurrentCulture, "({0}, Infinite)", Subscribe)
        : string.Format(CultureInfo.CurrentCulture, "({0}, {1})", Subscribe, Unsubscribe);
}
