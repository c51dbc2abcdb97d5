using System.Globalization;
using System.Reactive.Concurrency;
using System.Reactive.Linq;
using RxWebSocketStream;

namespace StatusBar;

/// What a chat window binds to: a status line, the incoming messages, whether "Send" is enabled, a send command
/// and a disconnect command. Every observable is delivered on <c>ui</c>, the scheduler standing for the UI thread
/// (a dispatcher or synchronization context in a real app, an EventLoopScheduler in Program.cs, the virtual-time
/// scheduler in the marble tests), so the view never sees a background thread.
public sealed class ChatViewModel
{
    private readonly ReconnectingConnection _session;

    public ChatViewModel(ReconnectingConnection session, IScheduler ui)
    {
        _session = session;
        Status = session.States.Select(Describe).ObserveOn(ui);
        CanSend = session.States.Select(state => state is SessionState.Open).StartWith(false).DistinctUntilChanged().ObserveOn(ui);
        Messages = session.Where(message => message.IsText).Select(message => message.Text).ObserveOn(ui);
    }

    /// One line for a status bar, per change of the session's state.
    public IObservable<string> Status { get; }

    /// Whether a message typed now would go out at once (bind the Send button's IsEnabled to it).
    public IObservable<bool> CanSend { get; }

    /// The text messages the server sends. Subscribing starts the session.
    public IObservable<string> Messages { get; }

    /// The Send button: fails, instead of queueing, while no connection is open, so the user learns at once.
    public Task SendAsync(string text) =>
        _session.SendAsync(Message.FromText(text), QueuedMessagePolicy.FailWhileDisconnected);

    /// The Disconnect button. A close code and reason are checked exactly as a browser's
    /// <c>WebSocketStream.close()</c> checks them (1000 or 3000-4999, a reason of at most 123 UTF-8 bytes); a bad
    /// pair is answered with the problem, for the view to show, and the connection stays open.
    public bool TryDisconnect(int code, string reason, out string? problem)
    {
        if (!WebSocketCloseInfo.TryValidate(code, reason, out problem))
        {
            return false;
        }

        _session.Close(new WebSocketCloseInfo(code, reason));
        return true;
    }

    /// The words a user reads; kept here, beside the states they describe, so that a test can check them.
    public static string Describe(SessionState state) => state switch
    {
        SessionState.Connecting { Attempt: 0 } => "Connecting...",
        SessionState.Connecting c => string.Create(CultureInfo.InvariantCulture, $"Reconnecting (attempt {c.Attempt})..."),
        SessionState.Open => "Connected",
        SessionState.Closing => "Disconnecting...",
        SessionState.Closed { WillReconnect: true } c => string.Create(CultureInfo.InvariantCulture, $"Connection lost ({c.Code})"),
        SessionState.Closed c => string.Create(CultureInfo.InvariantCulture, $"Disconnected ({c.Code} {c.Reason})").Replace(" )", ")", StringComparison.Ordinal),
        SessionState.WaitingToReconnect w => string.Create(CultureInfo.InvariantCulture, $"Reconnecting in {w.Delay.TotalSeconds:0.0} s"),
        _ => state.ToString(),
    };
}
