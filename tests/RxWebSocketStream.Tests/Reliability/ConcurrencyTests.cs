using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using RxWebSocketStream.Tests.Server;
using Xunit.Abstractions;

namespace RxWebSocketStream.Tests.Reliability;

/// <summary>
/// Many threads on one connection at once, against real peers: sends from every thread reach the wire
/// exactly once and in each thread's order, and racing closers put exactly one close frame on the wire.
/// </summary>
public sealed class ConcurrencyTests(TestServer server, ITestOutputHelper output) : IClassFixture<TestServer>
{
    [Fact]
    public async Task EightThreadsSendingThroughSendAsyncAndTheSink_EveryMessageArrivesOnceInEachThreadsOrder()
    {
        const int threads = 8;
        const int perThread = 500;
        const int burst = 4;
        var id = Guid.NewGuid().ToString("N");

        // The sink has no backpressure: a buffer that holds every message keeps overflow out of this test.
        var ws = WebSocketConnection.Connect(server.Url("echo", id), new() { SendBufferCapacity = threads * perThread });
        var echoes = new Recorder();
        using var subscription = ws.Subscribe(echoes); // reads the echoes, so the server never stalls writing them
        await ws.Opened.Within();
        var sendAsyncTasks = new ConcurrentBag<Task>();

        // Every thread alternates SendAsync (text) and the sink (binary), so the two paths race each other
        // within a thread as well as across threads. Even threads await each SendAsync before going on, as
        // backpressured code does; odd threads fire and forget, so only call order can keep their order.
        // All threads are released together again every few messages: left alone, each would send its share
        // within one time slice and the threads would take turns instead of racing (a non-thread-safe send
        // queue then went unnoticed in 5 runs of 6; with the rounds it broke 4 of 6).
        var rounds = Enumerable.Range(0, perThread / burst).Select(_ => new StartLine(threads)).ToArray();
        await StartLine.RunTogether(threads, thread =>
        {
            for (var seq = 0; seq < perThread; seq++)
            {
                if (seq % burst == 0)
                {
                    rounds[seq / burst].ArriveAndWait();
                }

                var label = $"{thread}:{seq}";
                if (seq % 2 == 1)
                {
                    ws.Sink.OnNext(Message.FromBinary(Encoding.UTF8.GetBytes(label)));
                    continue;
                }

                var send = ws.SendAsync(Message.FromText(label));
                sendAsyncTasks.Add(send);
                if (thread % 2 == 0)
                {
                    send.GetAwaiter().GetResult();
                }
            }
        }).Within();
        await Task.WhenAll(sendAsyncTasks).Within();
        Array.ForEach(rounds, round => round.Dispose());
        ws.Close();
        await ws.Closed.Within();

        // The server logs each message before it logs the close frame, so its log is complete now.
        var log = server.Log(id);
        await log.CloseReceived.Within();
        var received = log.Received.Select(Label).ToList();
        Assert.Equal(threads * perThread, received.Count);
        foreach (var thread in Enumerable.Range(0, threads))
        {
            var sequence = received.Where(r => r.Thread == thread).Select(r => r.Seq);
            Assert.Equal(Enumerable.Range(0, perThread), sequence);
        }

        Assert.Equal(0, ws.DroppedMessageCount);
        Assert.Equal(threads * perThread, echoes.Messages.Count);

        // How much the threads actually interleaved on the wire (a run of one thread's messages ends at each switch).
        var switches = received.Zip(received.Skip(1)).Count(pair => pair.First.Thread != pair.Second.Thread);
        output.WriteLine($"{received.Count} messages, {switches} switches between threads on the wire");
    }

    [Fact]
    public async Task CloseDisposeSinkCompletedAndLastUnsubscribeRacing_ExactlyOneCloseFrameReachesTheWire()
    {
        const int iterations = 200;
        await using var peer = RawPeer.Start();
        var winners = new Dictionary<int, int>();

        for (var i = 0; i < iterations; i++)
        {
            // Distinct codes say which closer won: Close 4000, the last unsubscription 4001, Dispose and
            // Sink.OnCompleted both 1000.
            var ws = WebSocketConnection.Connect(peer.Url, new() { UnsubscribeCloseInfo = new WebSocketCloseInfo(4001, "unsubscribed") });
            using var raw = await peer.AcceptAsync().Within();
            await ws.Opened.Within();
            var recorder = new Recorder();
            var subscription = ws.Subscribe(recorder);

            // The last thread to reach the start line tends to win, so which closer runs on which thread rotates.
            var rotation = i;
            await StartLine.RunTogether(4, thread =>
            {
                switch ((thread + rotation) % 4)
                {
                    case 0: ws.Close(new WebSocketCloseInfo(4000, "closed")); break;
                    case 1: ws.Dispose(); break;
                    case 2: ws.Sink.OnCompleted(); break;
                    default: subscription.Dispose(); break;
                }
            }).Within();

            // Answer the first close frame with the same body, half-close so the client can end, and read
            // everything else it sends until it closes its end: there must be nothing.
            var close = await raw.ReadAsync().Within();
            Assert.NotNull(close);
            Assert.Equal(Opcode.Close, close.Opcode);
            await raw.SendAsync(Opcode.Close, close.Payload).Within();
            raw.EndSending();
            var after = await ReadUntilEndAsync(raw).Within();
            Assert.True(after.Count == 0, $"Iteration {i}: after the close frame {close} the client sent {string.Join(", ", after)}");

            var closed = await ws.Closed.Within();
            Assert.Equal((close.CloseCode, close.CloseReason), (closed.Code, closed.Reason));
            Assert.True(recorder.TerminalCalls <= 1, $"Iteration {i}: the subscriber got {recorder.TerminalCalls} terminal calls");
            if (recorder.TerminalCalls == 1)
            {
                await recorder.Completed.Within();
            }

            var code = close.CloseCode ?? 0;
            winners[code] = winners.GetValueOrDefault(code) + 1;
        }

        output.WriteLine("close codes on the wire: " + string.Join(", ", winners.OrderBy(w => w.Key).Select(w => $"{w.Key} x{w.Value}")));
    }

    private static async Task<List<Frame>> ReadUntilEndAsync(RawConnection raw)
    {
        List<Frame> frames = [];
        try
        {
            while (await raw.ReadAsync() is { } frame)
            {
                frames.Add(frame);
            }
        }
        catch (IOException)
        {
            // A reset is an end too.
        }

        return frames;
    }

    private static (int Thread, int Seq) Label(Message message)
    {
        var text = message.Type == MessageType.Text ? message.Text : Encoding.UTF8.GetString(message.Data.Span);
        var parts = text.Split(':');
        return (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture));
    }
}
