using System.Collections.Concurrent;
using System.Net.WebSockets;
using RxWebSocketStream.Testing;

namespace RxWebSocketStream.Tests.Grammar;

/// <summary>
/// One connection over a <see cref="LoopbackPair"/>, set up to be ended in any of the ways <see cref="Ending"/>
/// names while the peer's messages are being delivered on pool threads. The client's side of an ending
/// (<see cref="EndFromClient"/>) runs on the calling thread; the peer's side (<see cref="EndFromPeerAsync"/>)
/// is written by the test. The close timeout runs on a <see cref="TestScheduler"/> that only
/// <see cref="EndFromClient"/> advances, so only a timer ending can fire it.
/// </summary>
internal sealed class RaceRig : IDisposable
{
    public const int MaxMessageSize = 1024;

    public static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(10);

    private readonly LoopbackPair _pair;
    private readonly FailingWritesSocket _socket;
    private readonly TestScheduler _scheduler = new();
    private readonly ConcurrentBag<Task> _sends = [];
    private readonly Ending _ending;
    private readonly Task _peerReader;

    private RaceRig(LoopbackPair pair, Ending ending)
    {
        _pair = pair;
        _ending = ending;
        _socket = new FailingWritesSocket(pair.Client);
        Connection = WebSocketConnection.Create(_socket, new() { Scheduler = _scheduler, CloseTimeout = CloseTimeout, MaxMessageSize = MaxMessageSize });

        // The peer answers the client's close frame, except when the close timer is to decide.
        _peerReader = pair.AnswerCloseAsync(answer: ending is not (Ending.CloseTimer or Ending.DisposeThenCloseTimer));
    }

    public WebSocketConnection Connection { get; }

    /// <summary>The code the connection's error carries after this ending, or <see langword="null"/> for a clean close.</summary>
    public int? ExpectedErrorCode => _ending switch
    {
        Ending.Close or Ending.Dispose or Ending.PeerClose => null,
        Ending.ThrowingSubscriber => 1011,
        Ending.MessageTooBig => 1009,
        _ => 1006,
    };

    public static async Task<RaceRig> OpenAsync(Ending ending) => new(await LoopbackPair.OpenAsync().ConfigureAwait(false), ending);

    /// <summary>
    /// A subscriber that throws from its <paramref name="throwAt"/>th <c>OnNext</c> when the ending is
    /// <see cref="Ending.ThrowingSubscriber"/>, and otherwise only checks the grammar.
    /// </summary>
    public GrammarCheckingObserver SecondSubscriber(int throwAt = 1)
    {
        var seen = 0;
        return new GrammarCheckingObserver
        {
            OnEach = _ =>
            {
                if (_ending == Ending.ThrowingSubscriber && Interlocked.Increment(ref seen) == throwAt)
                {
                    throw new InvalidOperationException("a subscriber's bug");
                }
            },
        };
    }

    public Task PeerSendAsync(string text) => _pair.PeerSendAsync(text);

    /// <summary>The client's part of the ending, on the calling thread; nothing for the endings the peer or a subscriber starts.</summary>
    public void EndFromClient()
    {
        switch (_ending)
        {
            case Ending.SendAsyncFails:
                _socket.FailWrites();
                _sends.Add(Connection.SendAsync(Message.FromText("meets the reset")));
                break;
            case Ending.SinkSendFails:
                _socket.FailWrites();
                Connection.Sink.OnNext(Message.FromText("meets the reset"));
                break;
            case Ending.CloseTimer:
                Connection.Close(new WebSocketCloseInfo(4000, "bye"));
                _scheduler.AdvanceBy(CloseTimeout.Ticks);
                break;
            case Ending.DisposeThenCloseTimer:
                Connection.Dispose();
                _scheduler.AdvanceBy(CloseTimeout.Ticks);
                break;
            case Ending.CloseMeetsReset:
                _socket.FailWrites();
                Connection.Close(new WebSocketCloseInfo(4000, "bye"));
                break;
            case Ending.DisposeMeetsReset:
                _socket.FailWrites();
                Connection.Dispose();
                break;
            case Ending.DisposeAsyncMeetsReset:
                _socket.FailWrites();
                _sends.Add(Connection.DisposeAsync().AsTask());
                break;
            case Ending.Close:
                Connection.Close(new WebSocketCloseInfo(4000, "bye"));
                break;
            case Ending.Dispose:
                Connection.Dispose();
                break;
        }
    }

    /// <summary>The peer's part of the ending: its close frame, or a message over the limit.</summary>
    public Task EndFromPeerAsync() => _ending switch
    {
        Ending.PeerClose => _pair.Peer.CloseOutputAsync((WebSocketCloseStatus)4000, "peer bye", CancellationToken.None),
        Ending.MessageTooBig => _pair.Peer.SendAsync(new byte[MaxMessageSize + 1], WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None),
        _ => Task.CompletedTask,
    };

    /// <summary>A send from a racing thread; its outcome is the connection's business, not the test's.</summary>
    public void SendFromClient(string text)
    {
        _sends.Add(Connection.SendAsync(Message.FromText(text)));
        Connection.Sink.OnNext(Message.FromText(text));
    }

    /// <summary>Waits until the connection and the peer are done, whatever the outcome.</summary>
    public async Task SettleAsync()
    {
        await Outcome(Connection.Closed).Within();
        await _peerReader.Within();
        await Outcome(Task.WhenAll(_sends)).Within();

        // Completes when the task does, observing its fault.
        static Task Outcome(Task task) => task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public void Dispose()
    {
        Connection.Dispose();
        _pair.Dispose();
    }
}
