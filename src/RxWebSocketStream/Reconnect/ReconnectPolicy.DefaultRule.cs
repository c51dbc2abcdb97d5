using System.Net.Sockets;
using System.Net.WebSockets;
using static RxWebSocketStream.WebSocketCloseCodes;

namespace RxWebSocketStream;

public sealed partial record ReconnectPolicy
{
    /// <summary>
    /// The built-in rule, used when <see cref="ShouldReconnect"/> is <see langword="null"/>; public so that a
    /// custom rule can fall back to it.
    /// </summary>
    /// <param name="end">How the connection ended.</param>
    /// <returns>Whether a reconnect is worth trying (<see cref="MaxAttempts"/> aside).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="end"/> is <see langword="null"/>.</exception>
    /// <remarks>
    /// In order, the first that applies:
    /// <list type="number">
    /// <item>The application started the end (<see cref="CloseInitiator.Application"/>): no, whatever the code or
    /// failure. An explicit close or dispose means "stop", even when its close handshake then fails.</item>
    /// <item>Close code 1001 (going away), 1006 (abnormal: the connection was lost), 1011 (server error),
    /// 1012 (service restart) or 1013 (try again later): yes. These say the trouble is on the way or on the
    /// server's side and may pass.</item>
    /// <item>A code listed in <see cref="RetryableCloseCodes"/>: yes.</item>
    /// <item>Any other code: no. 1000 (a clean close the peer chose) and 1005 (a close frame without a code) mean
    /// the peer ended the session on purpose. 1002, 1003, 1007-1010 and 1014 report a fault that a new
    /// connection would repeat. 3000-4999 are defined by applications, not by RFC 6455: the library cannot know
    /// whether "4001" means "token expired" or "try another node", and reconnecting in a loop against a server
    /// that keeps refusing is the failure users complain about most, so these codes are final unless the
    /// application lists them in <see cref="RetryableCloseCodes"/>.</item>
    /// <item>A failure without a code: yes when it is a <see cref="WebSocketConnectionException"/> (a failed
    /// handshake: refused port, HTTP error, timeout) or a transport exception from connecting
    /// (<see cref="WebSocketException"/>, <see cref="System.IO.IOException"/>, <see cref="SocketException"/>,
    /// <see cref="HttpRequestException"/>, <see cref="TimeoutException"/>); no for any other exception:
    /// cancellation is a request to stop, and an argument or state error is a bug that retrying would repeat.</item>
    /// </list>
    /// </remarks>
    public bool IsRetriedByDefault(ConnectionEnd end)
    {
        ArgumentNullException.ThrowIfNull(end);

        if (end.Initiator == CloseInitiator.Application)
        {
            return false;
        }

        if (end.CloseCode is { } code)
        {
            return code is GoingAway or AbnormalClosure or InternalError or ServiceRestart or TryAgainLater
                || _retryableCloseCodes.Contains(code);
        }

        return end.Error is WebSocketConnectionException or WebSocketException or IOException or SocketException
            or HttpRequestException or TimeoutException;
    }

    /// <summary>
    /// Says in words why <see cref="ReconnectDelay"/> decided as it did, for the session's log (docs/observability.md).
    /// Calls no user code: a custom <see cref="ShouldReconnect"/> is not asked again.
    /// </summary>
    internal string Explain(ConnectionEnd end, bool retried)
    {
        var what = end.CloseCode is { } code ? $"close code {code}" : end.Error?.GetType().Name ?? "the end";
        if (!retried && end.Attempt > MaxAttempts)
        {
            return $"MaxAttempts ({MaxAttempts}) reached";
        }

        if (ShouldReconnect is not null)
        {
            return retried ? $"ShouldReconnect retries {what}" : $"ShouldReconnect declined {what}";
        }

        if (end.Initiator == CloseInitiator.Application)
        {
            return "the application ended the connection";
        }

        if (retried)
        {
            return end.CloseCode is { } listed && RetryableCloseCodes.Contains(listed)
                ? $"{what} is listed in RetryableCloseCodes"
                : $"the default rule retries {what}";
        }

        return end.CloseCode is >= 3000 and <= 4999
            ? $"{what} is an application code not listed in RetryableCloseCodes"
            : $"the default rule does not retry {what}";
    }
}
