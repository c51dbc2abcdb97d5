namespace RxWebSocketStream;

/// <summary>
/// How a connection (or an attempt to open one) ended: what <see cref="ReconnectPolicy"/> decides a reconnect on.
/// Exactly one of <see cref="CloseInfo"/> (a clean close) and <see cref="Error"/> (a failure) is set.
/// </summary>
public sealed record ConnectionEnd
{
    private ConnectionEnd(int attempt, WebSocketCloseInfo? closeInfo, Exception? error, CloseInitiator initiator)
    {
        // Attempt numbers are 1-based, like ReconnectPolicy.NextDelay's, so the same number flows through both.
        if (attempt < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(attempt), attempt, $"The attempt number must be at least 1; it was {attempt}.");
        }

        if (!Enum.IsDefined(initiator))
        {
            throw new ArgumentOutOfRangeException(nameof(initiator), initiator, $"{initiator} is not a CloseInitiator value.");
        }

        Attempt = attempt;
        CloseInfo = closeInfo;
        Error = error;
        Initiator = initiator;
    }

    /// <summary>
    /// Gets the number of the reconnect attempt this end would lead to: 1 after a connection that had opened,
    /// then 2, 3, ... while consecutive attempts keep failing.
    /// </summary>
    public int Attempt { get; }

    /// <summary>Gets the code and reason of a clean close, or <see langword="null"/> when the connection failed.</summary>
    public WebSocketCloseInfo? CloseInfo { get; }

    /// <summary>Gets the failure, or <see langword="null"/> when the connection closed cleanly.</summary>
    public Exception? Error { get; }

    /// <summary>Gets who started the end, if known.</summary>
    public CloseInitiator Initiator { get; }

    /// <summary>
    /// Gets the close code: the clean close's, or the <see cref="WebSocketConnectionException.CloseCode"/> of the
    /// failure; <see langword="null"/> when there is none (a failed handshake, another exception, an empty close).
    /// </summary>
    public int? CloseCode => CloseInfo?.Code ?? (Error as WebSocketConnectionException)?.CloseCode;

    /// <summary>Describes a clean close (close frames both sent and received).</summary>
    /// <param name="attempt">The reconnect attempt this end would lead to, from 1.</param>
    /// <param name="closeInfo">The code and reason that closed the connection.</param>
    /// <param name="initiator">Who sent the first close frame.</param>
    /// <returns>The description.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="closeInfo"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="attempt"/> is below 1, or <paramref name="initiator"/> is undefined.</exception>
    public static ConnectionEnd Closed(int attempt, WebSocketCloseInfo closeInfo, CloseInitiator initiator)
    {
        ArgumentNullException.ThrowIfNull(closeInfo);
        return new ConnectionEnd(attempt, closeInfo, error: null, initiator);
    }

    /// <summary>Describes a failure: an unclean close, a failed handshake, or an exception from connecting.</summary>
    /// <param name="attempt">The reconnect attempt this end would lead to, from 1.</param>
    /// <param name="error">What failed.</param>
    /// <param name="initiator">Who started the end, if known.</param>
    /// <returns>The description.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="error"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="attempt"/> is below 1, or <paramref name="initiator"/> is undefined.</exception>
    public static ConnectionEnd Failed(int attempt, Exception error, CloseInitiator initiator = CloseInitiator.Unknown)
    {
        ArgumentNullException.ThrowIfNull(error);
        return new ConnectionEnd(attempt, closeInfo: null, error, initiator);
    }
}
