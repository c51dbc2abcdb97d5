using System.Globalization;
using System.Net.WebSockets;
using System.Reactive.Linq;
using RxWebSocketStream.Testing;

namespace RxWebSocketStream.Tests.Pipelines;

/// <summary>
/// The examples of docs/pipelines.md, run: pull pipelines written with the BCL's async LINQ (System.Linq.AsyncEnumerable,
/// part of .NET 10: <c>Where</c>, <c>Select</c> with an async selector) and System.Interactive.Async's operators
/// (<c>Buffer</c>, <c>Scan</c>, the <c>ToObservable</c>/<c>ToAsyncEnumerable</c> bridges) side by side in one file, which
/// also shows they compile together with warnings as errors. Virtual time: the feed's peer is scripted, and the
/// pipeline starts on the scheduler's thread, so it runs there, in order.
/// </summary>
public sealed class PipelineExamplesTests
{
    private static readonly Uri Url = new("ws://virtual/");
    private readonly TestScheduler _scheduler = new();

    private (WebSocketConnection Connection, VirtualPeer Peer) Connect()
    {
        var peer = new VirtualPeer(_scheduler);
        return (WebSocketConnection.Connect(Url, new() { Scheduler = _scheduler, SocketFactory = peer.ConnectAsync }), peer);
    }

    private void At(long ms, Action action) =>
        _scheduler.ScheduleAbsolute(action, ms * TimeSpan.TicksPerMillisecond, static (_, a) =>
        {
            a();
            return System.Reactive.Disposables.Disposable.Empty;
        });

    private static string[] Texts(VirtualPeer peer) => [.. peer.ReceivedActions.Where(a => a.Text is not null).Select(a => a.Text!)];

    [Fact]
    public void Pipeline_ReadAllWhereBufferSelectAsync_WritesOneSummaryPerHundredTicksToASink()
    {
        var (feed, feedPeer) = Connect();
        var (archive, archivePeer) = Connect();
        var saved = new List<int>();

        // docs/pipelines.md, "A pull pipeline": text ticks only, in batches of 100, each batch stored (an async step)
        // and summarised into a message for the archive connection's sink. Completing the pipeline completes the sink,
        // which closes the archive connection with 1000 after the last summary.
        At(1, () => feed.ReadAllAsync()
            .Where(m => m.IsText)
            .Buffer(100)
            .Select(async (IList<Message> batch, CancellationToken ct) =>
            {
                await SaveAsync(batch, ct);
                return Message.FromText($"{batch.Count} ticks, last {batch[^1].Text}");
            })
            .ToObservable()
            .Subscribe(archive.Sink));

        for (var i = 0; i < 250; i++)
        {
            var tick = i;
            At(10 + i, () => feedPeer.Perform(PeerAction.Text(tick.ToString(CultureInfo.InvariantCulture))));
            if (i % 50 == 0)
            {
                At(10 + i, () => feedPeer.Perform(PeerAction.Binary([1, 2, 3])));
            }
        }

        At(300, () => feedPeer.Perform(PeerAction.Close(WebSocketCloseStatus.NormalClosure)));
        _scheduler.AdvanceTo(TimeSpan.FromSeconds(1).Ticks);

        Assert.Equal([100, 100, 50], saved);
        Assert.Equal(["100 ticks, last 99", "100 ticks, last 199", "50 ticks, last 249"], Texts(archivePeer));
        var close = Assert.Single(archivePeer.ReceivedActions, a => a.Kind == SocketActionKind.CloseOutput);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, close.CloseStatus);
        Assert.True(archive.Closed.IsCompletedSuccessfully);

        ValueTask SaveAsync(IList<Message> batch, CancellationToken ct)
        {
            ct.ThrowIfCancellationRequested();
            saved.Add(batch.Count);
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public void RoundTrip_RxToIxToRx_GivesWhatTheRxOnlyQueryGives()
    {
        var (feed, peer) = Connect();
        var viaIx = new List<int>();
        var rxOnly = new List<int>();
        var completions = 0;

        // docs/pipelines.md, "Between Rx and Ix": the connection (an IObservable) into Ix, a running sum with Ix's Scan,
        // and back to an IObservable; beside it, the same query in Rx alone.
        var numbers = feed.Select(m => int.Parse(m.Text, CultureInfo.InvariantCulture)).Publish();
        numbers.ToAsyncEnumerable().Scan(0, (sum, x) => sum + x).ToObservable().Subscribe(viaIx.Add, () => completions++);
        numbers.Scan(0, (sum, x) => sum + x).Subscribe(rxOnly.Add, () => completions++);
        At(1, () => numbers.Connect());

        for (var i = 1; i <= 5; i++)
        {
            var n = i;
            At(10 * i, () => peer.Perform(PeerAction.Text(n.ToString(CultureInfo.InvariantCulture))));
        }

        At(100, () => peer.Perform(PeerAction.Close(WebSocketCloseStatus.NormalClosure)));
        _scheduler.AdvanceTo(TimeSpan.FromSeconds(1).Ticks);

        Assert.Equal([1, 3, 6, 10, 15], rxOnly);
        Assert.Equal(rxOnly, viaIx);
        Assert.Equal(2, completions);
    }
}
