using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using RxWebSocketStream.Tests.Grammar;

namespace RxWebSocketStream.Tests.Reconnect;

/// <summary>
/// Real threads where the session's new paths meet (docs/pipelines.md, "What is proven"): the sink fed on one thread
/// while the connection is reset under it (a reconnect) and the session is disposed from a third; a
/// <see cref="ReconnectingConnection.ReadAllAsync"/> consumer reading across a reconnect while another thread cancels
/// it. Each session runs over two <see cref="LoopbackPair"/>s (one per attempt) and reconnects at once (no jitter).
/// </summary>
public sealed class SessionPipelineRaceTests
{
    private const int Rounds = 25;

    private static readonly ReconnectPolicy Immediately = new() { InitialDelay = TimeSpan.FromMilliseconds(1), Jitter = static () => 0 };

    private static ReconnectingConnection Over(LoopbackPair[] pairs, ReconnectingConnectionOptions options, WriteCountingSocket[]? sockets = null) =>
        ReconnectingConnection.Create(
            attempt => attempt.Number < pairs.Length
                ? WebSocketConnection.Create(sockets?[attempt.Number] ?? pairs[attempt.Number].Client)
                : throw new InvalidOperationException("no more peers in this round"),
            options);

    [Fact]
    public async Task SinkOnNext_RacingAResetAndDispose_EveryMessageIsSentOnceOrCounted_AndTheGrammarHolds()
    {
        const int Offered = 300;
        for (var round = 0; round < Rounds; round++)
        {
            using var p0 = await LoopbackPair.OpenAsync();
            using var p1 = await LoopbackPair.OpenAsync();
            var received = new[] { new ConcurrentQueue<string>(), new ConcurrentQueue<string>() };
            var peers = new[] { p0.AnswerCloseAsync(onText: received[0].Enqueue), p1.AnswerCloseAsync(onText: received[1].Enqueue) };
            WriteCountingSocket[] sockets = [new(p0.Client), new(p1.Client)];
            await using var session = Over(
                [p0, p1],
                new ReconnectingConnectionOptions
                {
                    Policy = Immediately,
                    SendBufferCapacity = 64,
                    SendBufferOverflow = round % 2 == 0 ? SendBufferOverflow.DropNewest : SendBufferOverflow.Fail,
                },
                sockets);
            var observer = new GrammarCheckingObserver();
            using var subscription = session.Subscribe(observer);

            // The peer talks too, so that deliveries to the session's subscriber race the end as well.
            _ = p0.PeerSendAsync("from peer");
            var offered = 0;
            var feeding = Task.Run(() =>
            {
                for (var i = 0; i < Offered; i++)
                {
                    session.Sink.OnNext(Message.FromText(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                    Volatile.Write(ref offered, i + 1);
                }
            });
            var resetAt = round * 7 % 120;
            var disposeAt = 120 + (round * 13 % 150);
            var resetting = Task.Run(() =>
            {
                SpinUntil(() => Volatile.Read(ref offered) >= resetAt);
                try
                {
                    p0.ResetFromPeer();
                }
                catch (ObjectDisposedException)
                {
                    // The session already closed connection 0 (an overflow under Fail): the peer's socket is gone.
                }
            });
            var disposing = Task.Run(async () =>
            {
                SpinUntil(() => Volatile.Read(ref offered) >= disposeAt);
                await session.DisposeAsync();
            });

            await Task.WhenAll(feeding, resetting, disposing).Within();
            await observer.Ended.Within();

            // The session's last connection has ended; a peer the session never reached hears the end of TCP.
            p0.Client.Dispose();
            p1.Client.Dispose();
            await Task.WhenAll(peers).Within();

            observer.AssertGrammar();
            var all = received.SelectMany(q => q).Select(int.Parse).ToArray();
            Assert.Equal(all.Length, all.Distinct().Count());
            Assert.All(received, q => Assert.Equal(q.Select(int.Parse).Order(), q.Select(int.Parse)));
            // Exact: every message offered was written to a socket (what "sent" means: a reset peer may never read it) or
            // counted once. The peers cannot have read more than was written.
            var written = sockets.Sum(socket => socket.TextsWritten);
            Assert.Equal(Offered, written + session.DroppedMessageCount + session.UnsentMessageCount + session.PossiblyLostMessageCount);
            Assert.InRange(all.Length, 0, written);
        }
    }

    [Fact]
    public async Task ReadAllAsync_AcrossAReconnect_RacingCancellation_ReadsAnUnbrokenPrefix_AndTheSessionGoesOn()
    {
        const int PerPeer = 50;
        string[] expected = [.. Enumerable.Range(0, PerPeer).Select(i => $"a{i}"), .. Enumerable.Range(0, PerPeer).Select(i => $"b{i}")];
        for (var round = 0; round < Rounds; round++)
        {
            using var p0 = await LoopbackPair.OpenAsync();
            using var p1 = await LoopbackPair.OpenAsync();
            await using var session = Over([p0, p1], new ReconnectingConnectionOptions { Policy = Immediately });
            var lastArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var observer = new GrammarCheckingObserver(System.Reactive.Observer.Create<Message>(m =>
            {
                if (m.Text == expected[^1])
                {
                    lastArrived.TrySetResult();
                }
            },
            static _ => { }));
            using var cts = new CancellationTokenSource();
            var read = new List<string>();
            var readCount = 0;

            // The consumer starts the session, so it is there from the first message; the observer joins right after (it
            // may miss the first message, read for the consumer before it subscribed).
            var reader = session.ReadAllAsync(cts.Token).GetAsyncEnumerator();
            var first = reader.MoveNextAsync();
            using var subscription = session.Subscribe(observer);
            var consuming = Task.Run(async () =>
            {
                var more = await first;
                while (more)
                {
                    read.Add(reader.Current.Text);
                    Volatile.Write(ref readCount, read.Count);
                    more = await reader.MoveNextAsync();
                }
            });
            var cancelAt = round * 9 % (2 * PerPeer);
            var cancelling = Task.Run(() =>
            {
                SpinUntil(() => Volatile.Read(ref readCount) >= cancelAt || consuming.IsCompleted);
                cts.Cancel();
            });

            // Peer 0 sends its half and closes with 1012 (service restart: reconnected by the default rule); peer 1 the rest.
            var peer0 = Task.Run(async () =>
            {
                for (var i = 0; i < PerPeer; i++)
                {
                    await p0.PeerSendAsync($"a{i}");
                }

                await p0.Peer.CloseOutputAsync((WebSocketCloseStatus)WebSocketCloseCodes.ServiceRestart, "restart", CancellationToken.None);
                await p0.AnswerCloseAsync();
            });
            var peer1 = Task.Run(async () =>
            {
                for (var i = 0; i < PerPeer; i++)
                {
                    await p1.PeerSendAsync($"b{i}");
                }
            });

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => consuming.Within());
            await Task.WhenAll(cancelling, peer0, peer1).Within();
            await reader.DisposeAsync();

            // The consumer read an unbroken prefix; the session and its subscriber went on to the end of both peers.
            Assert.Equal(expected.Take(read.Count), read);
            await lastArrived.Task.Within();
            var closing = p1.AnswerCloseAsync();
            await session.DisposeAsync().AsTask().Within();
            await closing.Within();
            await observer.Ended.Within();
            observer.AssertGrammar();
            Assert.InRange(observer.MessageCount, (2 * PerPeer) - 1, 2 * PerPeer);
        }
    }

    private static void SpinUntil(Func<bool> condition)
    {
        var spinner = default(SpinWait);
        while (!condition())
        {
            spinner.SpinOnce();
        }
    }

    /// <summary>Counts the text messages the socket took (its send completed), whatever the peer then did with them.</summary>
    private sealed class WriteCountingSocket(WebSocket inner) : PassThroughWebSocket(inner)
    {
        private int _textsWritten;

        public int TextsWritten => Volatile.Read(ref _textsWritten);

        public override async ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType, bool endOfMessage, CancellationToken cancellationToken)
        {
            await Inner.SendAsync(buffer, messageType, endOfMessage, cancellationToken);
            if (messageType == WebSocketMessageType.Text)
            {
                Interlocked.Increment(ref _textsWritten);
            }
        }
    }
}
