namespace RxWebSocketStream;

/// <summary>
/// One call of a <see cref="ReconnectingConnection"/>'s connection factory: which attempt it is, and a token that
/// is cancelled when the session stops during that attempt.
/// </summary>
/// <param name="Number">
/// 0 for the first connection of the session; after an end, 1 for the first reconnect attempt, 2, 3, ... while
/// consecutive attempts fail (the same number <see cref="ReconnectPolicy.NextDelay(int)"/> and
/// <see cref="ConnectionEnd.Attempt"/> use). It goes back to 1 after a connection that opened.
/// </param>
/// <param name="Cancellation">
/// Cancelled when the session is disposed while this attempt is connecting. Pass it as
/// <see cref="WebSocketConnectionOptions.Cancellation"/> so that disposing aborts the handshake, and to anything the
/// factory awaits (a token refresh, for example).
/// </param>
public sealed record ReconnectAttempt(int Number, CancellationToken Cancellation);
