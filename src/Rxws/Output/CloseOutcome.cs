using RxWebSocketStream;

namespace Rxws.Output;

/// <summary>
/// How a connection ended, as the <c>closed</c> event reports it: <see cref="Code"/> and <see cref="Reason"/>
/// are what <see cref="WebSocketConnection.Closed"/> reports (the first close frame received) after a clean
/// close, the <see cref="WebSocketConnectionException"/>'s code after an unclean one, and no code at all when
/// the opening handshake never completed.
/// </summary>
/// <param name="Clean">Whether close frames went both ways.</param>
/// <param name="Code">The close code, or <see langword="null"/> when the connection never opened.</param>
/// <param name="Reason">The close reason, or the empty string.</param>
/// <param name="Error">Why an unclean close happened, or <see langword="null"/> after a clean one.</param>
internal sealed record CloseOutcome(bool Clean, int? Code, string Reason, string? Error)
{
    /// <summary>The exit code <c>connect</c> returns for this outcome.</summary>
    public int ExitCode => Clean ? ExitCodes.Success : ExitCodes.ConnectionFailed;

    /// <summary>Waits for <paramref name="connection"/> to end and describes how it ended. Never throws.</summary>
    public static async Task<CloseOutcome> OfAsync(WebSocketConnection connection)
    {
        try
        {
            var info = await connection.Closed.ConfigureAwait(false);
            return new CloseOutcome(Clean: true, info.Code, info.Reason, Error: null);
        }
        catch (Exception e)
        {
            // Opened faulted means the handshake never completed: there is no close code to report, even
            // though Closed carries 1006.
            var opened = connection.Opened.IsCompletedSuccessfully;
            if (!opened)
            {
                return new CloseOutcome(Clean: false, Code: null, string.Empty, e.Message);
            }

            return e is WebSocketConnectionException error
                ? new CloseOutcome(Clean: false, error.CloseCode ?? WebSocketCloseCodes.AbnormalClosure, error.Reason, e.Message)
                : new CloseOutcome(Clean: false, WebSocketCloseCodes.AbnormalClosure, string.Empty, e.Message);
        }
    }
}
