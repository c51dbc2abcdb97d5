using RxWebSocketStream.Testing;
using RxWebSocketStream.Tests.Server;

namespace RxWebSocketStream.Tests.Hostile;

/// <summary>
/// Plays one fuzz case against a library client over <see cref="InMemoryDuplex"/>, in virtual time: the
/// peer writes the case's bytes, ends as the case says, and then the clock moves by exactly the close
/// timeout. By then the connection must have ended, and every invariant is checked.
/// </summary>
internal static class InMemoryFuzzPeer
{
    public const int MaxMessageSize = 1024;

    public static readonly TimeSpan CloseTimeout = WebSocketConnectionOptions.DefaultCloseTimeout;

    /// <summary>Close codes an endpoint may send (RFC 6455 7.4.1 and 7.4.2).</summary>
    private static bool IsSendable(int code) => code is (>= 1000 and <= 1003) or (>= 1007 and <= 1014) or (>= 3000 and <= 4999);

    public static FuzzOutcome Run(FuzzCase fuzzCase) => WithoutSynchronizationContext.Run(() => RunInline(fuzzCase));

    private static FuzzOutcome RunInline(FuzzCase fuzzCase)
    {
        var broken = new List<string>();
        var scheduler = new TestScheduler();
        using var client = InMemoryClient.Open(new() { Scheduler = scheduler, CloseTimeout = CloseTimeout, MaxMessageSize = MaxMessageSize });
        var ws = client.Connection;
        var observer = new StrictObserver();
        using var subscription = ws.Subscribe(observer);
        var written = new List<Frame>();
        var answered = false;

        // Each step runs to completion before the next: the client reacts inside the peer's write.
        void Step(string what, Action action)
        {
            try
            {
                action();
                written.AddRange(client.TakeClientFrames());
            }
            catch (Exception e)
            {
                broken.Add($"{what} threw {e}");
            }
        }

        void AnswerClose()
        {
            if (!answered && written.FirstOrDefault(f => f.Opcode == Opcode.Close) is { } close)
            {
                answered = true;
                Step("echoing the client's close", () =>
                {
                    client.Wire.PeerWrite(Frames.Encode(Opcode.Close, close.Payload));
                    client.Wire.PeerEnd();
                });
            }
        }

        var offset = 0;
        foreach (var chunk in fuzzCase.Chunks)
        {
            var at = offset;
            Step("the peer's write", () => client.Wire.PeerWrite(fuzzCase.Bytes.AsSpan(at, chunk)));
            offset += chunk;
        }

        switch (fuzzCase.Ending)
        {
            case PeerEnding.Drop:
                // Nobody calls Close: the end of the stream alone must end the connection.
                Step("the peer's drop", client.Wire.PeerEnd);
                break;
            case PeerEnding.Echo:
                AnswerClose();
                if (!ws.Closed.IsCompleted)
                {
                    Step("Close()", () => ws.Close());
                    AnswerClose();
                }

                break;
            default:
                if (!ws.Closed.IsCompleted)
                {
                    Step("Close()", () => ws.Close());
                }

                break;
        }

        Step("advancing the clock by CloseTimeout", () => scheduler.AdvanceBy(CloseTimeout.Ticks));

        var (clean, code) = Ending(ws, observer, broken);
        CheckWhatTheClientWrote(written, broken);
        if (!ws.Opened.IsCompletedSuccessfully)
        {
            broken.Add($"Opened is {ws.Opened.Status}, though the socket was open");
        }

        if (clean is not null && !client.Wire.ClientDisposed)
        {
            broken.Add("the connection ended but never disposed its socket's stream");
        }

        var clientClose = written.FirstOrDefault(f => f.Opcode == Opcode.Close);
        return new FuzzOutcome(clean, code, clientClose?.CloseCode, [.. observer.Messages], broken);
    }

    /// <summary>How <c>Closed</c> ended, checked against what the subscriber heard.</summary>
    private static (bool? Clean, int? Code) Ending(WebSocketConnection ws, StrictObserver observer, List<string> broken)
    {
        if (observer.TerminalCalls != 1)
        {
            broken.Add($"the subscriber got {observer.TerminalCalls} terminal notifications");
        }

        if (observer.MessagesAfterEnd != 0)
        {
            broken.Add($"the subscriber got {observer.MessagesAfterEnd} messages after the end");
        }

        var closed = ws.Closed;
        if (closed.IsCompletedSuccessfully)
        {
            if (!observer.Completed || observer.Error is not null)
            {
                broken.Add($"Closed completed cleanly, but the subscriber got {observer.Error?.ToString() ?? "no OnCompleted"}");
            }

            return (true, closed.Result.Code);
        }

        if (closed.IsFaulted)
        {
            var error = closed.Exception!.InnerException;
            if (error is not WebSocketConnectionException connectionError)
            {
                broken.Add($"Closed faulted with an undocumented exception: {error}");
                return (false, null);
            }

            if (!ReferenceEquals(observer.Error, error))
            {
                broken.Add($"Closed faulted with {error.Message}, but the subscriber got {observer.Error?.ToString() ?? (observer.Completed ? "OnCompleted" : "nothing")}");
            }

            return (false, connectionError.CloseCode);
        }

        broken.Add(closed.IsCanceled ? "Closed was cancelled" : "the connection had not ended one CloseTimeout after the peer's last move");
        return (null, null);
    }

    private static void CheckWhatTheClientWrote(List<Frame> written, List<string> broken)
    {
        // RFC 6455 5.5.1: no data frame after a close frame. A control frame may follow (the BCL answers a
        // ping that arrives while it waits for the peer's close), a second close may not.
        var close = written.FindIndex(f => f.Opcode == Opcode.Close);
        var after = written.Skip(close + 1).Where(f => f.Opcode is not (Opcode.Ping or Opcode.Pong)).ToList();
        if (close >= 0 && after.Count > 0)
        {
            broken.Add($"the client wrote after its close frame: {string.Join(", ", after)}");
        }

        foreach (var frame in written)
        {
            if (!frame.Masked)
            {
                broken.Add($"the client wrote an unmasked frame: {frame}");
            }
        }

        if (close >= 0 && (written[close].CloseCode is not { } code || !IsSendable(code)))
        {
            broken.Add($"the client sent a close frame RFC 6455 forbids: {written[close]}");
        }
    }
}
