using System.Net.WebSockets;
using RxWebSocketStream.Testing;

namespace RxWebSocketStream.Testing.Scenarios;

/// <summary>
/// What a legend entry means on each kind of timeline. The words are listed in marbles/README.md; an
/// entry a timeline cannot use is a format error naming both.
/// </summary>
internal static class Vocabulary
{
    /// <summary>On <c>messages</c> lines: <c>text "hi"</c>, <c>binary 01 02</c>, <c>binary 20 bytes</c>.</summary>
    public static Message Message(Words w)
    {
        if (w.Take("text"))
        {
            return RxWebSocketStream.Message.FromText(w.Quoted());
        }

        if (w.Take("binary"))
        {
            return RxWebSocketStream.Message.FromBinary(w.Bytes());
        }

        throw w.Error("text \"...\" or binary ...");
    }

    /// <summary>On the <c>peer</c> line: what the peer sends or does.</summary>
    public static PeerAction Peer(Words w)
    {
        if (w.Take("text"))
        {
            return PeerAction.Text(w.Quoted());
        }

        if (w.Take("binary"))
        {
            return PeerAction.Binary(w.Bytes());
        }

        if (w.Take("raw text"))
        {
            // A whole text message whose payload is exactly these bytes (invalid UTF-8, for example).
            return PeerAction.Frame(WebSocketMessageType.Text, w.Bytes(), endOfMessage: true);
        }

        if (w.Take("unfinished text"))
        {
            // The first frame of a text message, without FIN: the rest never comes unless scripted.
            return PeerAction.Frame(WebSocketMessageType.Text, System.Text.Encoding.UTF8.GetBytes(w.Quoted()), endOfMessage: false);
        }

        if (w.Take("unfinished binary"))
        {
            return PeerAction.Frame(WebSocketMessageType.Binary, w.Bytes(), endOfMessage: false);
        }

        if (w.Take("fragments"))
        {
            var parts = new List<string>();
            while (w.OptionalQuoted() is { } part)
            {
                parts.Add(part);
            }

            return PeerAction.TextFragments([.. parts]);
        }

        if (w.Take("close empty"))
        {
            return PeerAction.CloseEmpty();
        }

        if (w.Take("raw close"))
        {
            return PeerAction.RawClose(w.Bytes());
        }

        if (w.Take("close"))
        {
            return PeerAction.Close((WebSocketCloseStatus)w.Number(), w.OptionalQuoted());
        }

        if (w.Take("drop"))
        {
            return PeerAction.Drop();
        }

        if (w.Take("stop reading"))
        {
            return PeerAction.StopReading();
        }

        if (w.Take("resume reading"))
        {
            return PeerAction.ResumeReading();
        }

        if (w.Take("stop answering pings"))
        {
            return PeerAction.StopAnsweringPings();
        }

        if (w.Take("resume answering pings"))
        {
            return PeerAction.ResumeAnsweringPings();
        }

        throw w.Error("text, binary, raw text, unfinished text, unfinished binary, fragments, close N \"reason\", close empty, raw close, drop, stop reading, resume reading, stop answering pings or resume answering pings");
    }

    /// <summary>On the <c>wire</c> line: what our side put on the socket.</summary>
    public static SocketAction Wire(Words w)
    {
        if (w.Take("text"))
        {
            return SocketAction.TextMessage(w.Quoted());
        }

        if (w.Take("binary"))
        {
            return SocketAction.BinaryMessage(w.Bytes());
        }

        if (w.Take("close empty"))
        {
            return SocketAction.EmptyClose();
        }

        if (w.Take("close"))
        {
            return SocketAction.CloseOutput((WebSocketCloseStatus)w.Number(), w.OptionalQuoted() ?? "");
        }

        if (w.Take("abort"))
        {
            return SocketAction.Abort;
        }

        if (w.Take("ping"))
        {
            return SocketAction.Ping;
        }

        throw w.Error("text, binary, close N \"reason\", close empty, ping or abort");
    }

    /// <summary>On the <c>app</c> line: what the application does to the connection.</summary>
    public static Action<ScenarioRun> App(Words w)
    {
        if (w.Take("send"))
        {
            // On a reconnecting session, the call may say what to do while no connection is open.
            QueuedMessagePolicy? policy = w.Take("queued") ? QueuedMessagePolicy.QueueWhileDisconnected
                : w.Take("fail-fast") ? QueuedMessagePolicy.FailWhileDisconnected
                : null;
            var message = Message(w);
            return run => run.Send(message, policy);
        }

        if (w.Take("sink complete"))
        {
            return run => run.Connection.Sink.OnCompleted();
        }

        if (w.Take("sink error other"))
        {
            var text = w.Quoted();
            return run => run.Connection.Sink.OnError(new InvalidOperationException(text));
        }

        if (w.Take("sink error"))
        {
            var error = new WebSocketConnectionException("the application failed", w.Number(), w.OptionalQuoted());
            return run => run.Connection.Sink.OnError(error);
        }

        if (w.Take("sink"))
        {
            var message = Message(w);
            return run => run.Connection.Sink.OnNext(message);
        }

        if (w.Take("close protocol"))
        {
            var info = WebSocketCloseInfo.ForProtocol((WebSocketCloseStatus)w.Number(), w.OptionalQuoted());
            return run => run.Close(info);
        }

        if (w.Take("close reason"))
        {
            var info = new WebSocketCloseInfo(reason: w.Quoted());
            return run => run.Close(info);
        }

        if (w.Take("close"))
        {
            var code = w.OptionalNumber();
            var info = code is null ? null : new WebSocketCloseInfo(code, w.OptionalQuoted());
            return run => run.Close(info);
        }

        if (w.Take("dispose"))
        {
            return run => run.Dispose();
        }

        if (w.Take("cancel"))
        {
            return run => run.Cancel();
        }

        if (w.Take("read"))
        {
            return run => run.Read();
        }

        if (w.Take("unmultiplex"))
        {
            var topic = w.Quoted();
            return run => run.Unmultiplex(topic);
        }

        if (w.Take("multiplex"))
        {
            var topic = w.Quoted();
            return run => run.Multiplex(topic);
        }

        throw w.Error("send, sink, sink complete, sink error, close, close reason, close protocol, dispose, cancel, read, multiplex or unmultiplex");
    }

    /// <summary>On the <c>opened</c> line: <c>open</c> or <c>open "v1"</c>.</summary>
    public static WebSocketOpenInfo Opened(Words w) =>
        w.Take("open") ? new WebSocketOpenInfo(w.OptionalQuoted() ?? "", "") : throw w.Error("open [\"protocol\"]");

    /// <summary>On the <c>closed</c> line: <c>closed 4000 "bye"</c>.</summary>
    public static WebSocketCloseInfo Closed(Words w)
    {
        if (!w.Take("closed"))
        {
            throw w.Error("closed N \"reason\"");
        }

        var info = new WebSocketCloseInfo(w.Number(), w.OptionalQuoted());
        return w.Take("unsent") ? info with { UnsentMessageCount = w.Number() } : info;
    }

    /// <summary>On the <c>sends</c> line: how a <c>send</c> ended: <c>sent</c>, <c>refused</c>, <c>failed 1006</c>, <c>possibly lost</c>.</summary>
    public static string SendOutcome(Words w) =>
        w.Take("sent") ? "sent"
        : w.Take("refused") ? "refused"
        : w.Take("failed") ? $"failed {w.Number()}"
        : w.Take("possibly lost") ? "possibly lost"
        : throw w.Error("sent, refused, failed N or possibly lost");

    /// <summary>
    /// On the <c>states</c> line: <c>connecting 0</c>, <c>open</c>, <c>open "v1"</c>, <c>closing app</c>,
    /// <c>closing peer</c>, <c>closed 1006</c>, <c>closed none</c>, <c>closed 1006 will reconnect</c> (a closed state
    /// without <c>will reconnect</c> is the session's last), <c>waiting 50ms 1</c>. Read into the same text
    /// <see cref="Describe(SessionState)"/> gives, so that a failure prints both sides in these words.
    /// </summary>
    public static string State(Words w)
    {
        if (w.Take("connecting"))
        {
            return Invariant($"connecting {w.Number()}");
        }

        if (w.Take("open"))
        {
            return w.OptionalQuoted() is { } protocol ? $"open \"{protocol}\"" : "open";
        }

        if (w.Take("closing app"))
        {
            return "closing app";
        }

        if (w.Take("closing peer"))
        {
            return "closing peer";
        }

        if (w.Take("closed"))
        {
            var code = w.Take("none") ? "none" : Invariant($"{w.Number()}");
            return w.Take("will reconnect") ? $"closed {code} will reconnect" : $"closed {code}";
        }

        if (w.Take("waiting"))
        {
            var delay = w.Duration();
            return Invariant($"waiting {delay.TotalMilliseconds}ms {w.Number()}");
        }

        throw w.Error("connecting N, open, closing app, closing peer, closed N, closed none, closed N will reconnect or waiting 10ms N");
    }

    /// <summary>A session state in the words of the <c>states</c> line (a closed state's reason is not drawn).</summary>
    public static string Describe(SessionState state) => state switch
    {
        SessionState.Connecting c => Invariant($"connecting {c.Attempt}"),
        SessionState.Open { Protocol: "" } => "open",
        SessionState.Open o => $"open \"{o.Protocol}\"",
        SessionState.Closing { Initiator: CloseInitiator.Application } => "closing app",
        SessionState.Closing { Initiator: CloseInitiator.Peer } => "closing peer",
        SessionState.Closing => "closing unknown",
        SessionState.Closed closed => Invariant($"closed {(closed.Code is { } code ? Invariant($"{code}") : "none")}{(closed.WillReconnect ? " will reconnect" : "")}"),
        SessionState.WaitingToReconnect wait => Invariant($"waiting {wait.Delay.TotalMilliseconds}ms {wait.Attempt}"),
        _ => state.ToString(),
    };

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    /// <summary>What <c>#</c> stands for: <c>WebSocketConnectionException 1006</c> (or <c>null</c>), <c>OperationCanceledException</c>, <c>InvalidOperationException</c>.</summary>
    public static (string Description, Func<Exception, bool> Matches) Error(Words w)
    {
        if (w.Take("WebSocketConnectionException"))
        {
            int? code = w.Take("null") ? null : w.Number();
            var inner = w.Take("from") ? w.OptionalQuoted() ?? w.Word() : null;
            var unsent = w.Take("unsent") ? w.Number() : (int?)null;
            return ($"WebSocketConnectionException {code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"}", e =>
                e is WebSocketConnectionException c && c.CloseCode == code
                && (inner is null || c.InnerException?.GetType().Name == inner)
                && (unsent is null || c.UnsentMessageCount == unsent));
        }

        if (w.Take("OperationCanceledException"))
        {
            return ("OperationCanceledException", e => e is OperationCanceledException);
        }

        if (w.Take("InvalidOperationException"))
        {
            return ("InvalidOperationException", e => e is InvalidOperationException);
        }

        throw w.Error("WebSocketConnectionException N, OperationCanceledException or InvalidOperationException");
    }
}
