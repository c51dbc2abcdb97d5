using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using RxWebSocketStream;
using Websocket.Client;

namespace Rxws.Bench.Scenarios;

/// <summary>
/// <c>receive</c>: the server sends N messages of S bytes as fast as it can (pre-framed, see
/// <see cref="BenchServer"/>, so that the client, not the server, bounds the rate); the client consumes them
/// through (a) a raw <see cref="WebSocket.ReceiveAsync(Memory{byte}, CancellationToken)"/> loop into one
/// reused buffer (baseline), (b) the same loop copying each message into an array of its own ("raw + copy", the
/// floor for owned payloads), (c) <c>Subscribe</c>, (d) <c>ReadAllAsync</c>, (e) Websocket.Client's
/// <c>MessageReceived</c>. Each variant has its own
/// connection, opened once and reused by every round; a round is one <c>send N S</c> command and the N
/// messages it brings, timed from the command to the last message.
/// </summary>
internal sealed class ReceiveScenario : IBenchScenario
{
    public static readonly int[] Sizes = [32, 1024, 64 * 1024];

    public string Name => "receive";

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var url = context.Server.Url;
        var counter = new MessageCounter<Message>();
        var peerCounter = new MessageCounter<ResponseMessage>();
        await using var clients = await ReceivingClients.ConnectAsync(url, counter, peerCounter, cancellationToken).ConfigureAwait(false);
        var (raw, rawCopy, subscribed, pulled, reader, peer) = (clients.Raw, clients.RawCopy, clients.Subscribed, clients.Pulled, clients.Reader, clients.Peer);
        var buffer = new byte[64 * 1024 + 64];
        foreach (var size in Sizes)
        {
            var n = context.Profile.MessagesFor(size);
            var command = string.Create(CultureInfo.InvariantCulture, $"send {n} {size}");
            var rawCommand = Encoding.ASCII.GetBytes(command);
            var libraryCommand = Message.FromText(command);

            async Task<Measurement> Raw()
            {
                var run = Measurement.Start();
                await raw.SendAsync(rawCommand, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
                await RawClient.ReceiveMessagesAsync(raw, buffer, n).ConfigureAwait(false);
                return run.Stop(n);
            }

            async Task<Measurement> RawCopy()
            {
                var run = Measurement.Start();
                await rawCopy.SendAsync(rawCommand, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
                await RawClient.ReceiveMessagesAsync(rawCopy, buffer, n, copy: true).ConfigureAwait(false);
                return run.Stop(n);
            }

            async Task<Measurement> Subscribe()
            {
                var all = counter.Expect(n);
                var run = Measurement.Start();
                await subscribed.SendAsync(libraryCommand, CancellationToken.None).ConfigureAwait(false);
                await all.ConfigureAwait(false);
                return run.Stop(n);
            }

            async Task<Measurement> ReadAll()
            {
                var run = Measurement.Start();
                await pulled.SendAsync(libraryCommand, CancellationToken.None).ConfigureAwait(false);
                for (var i = 0; i < n; i++)
                {
                    if (!await reader.MoveNextAsync().ConfigureAwait(false))
                    {
                        throw new InvalidOperationException("The bench server closed the connection early.");
                    }
                }

                return run.Stop(n);
            }

            async Task<Measurement> Peer()
            {
                var all = peerCounter.Expect(n);
                var run = Measurement.Start();
                await peer.SendInstant(command).ConfigureAwait(false);
                await all.ConfigureAwait(false);
                return run.Stop(n);
            }

            var samples = await Rounds.RunAsync(context.Profile, [Raw, RawCopy, Subscribe, ReadAll, Peer], cancellationToken).ConfigureAwait(false);
            Report(context, "raw_copy", size, samples[0], samples[1], floor: null);
            Report(context, "subscribe", size, samples[0], samples[2], floor: samples[1]);
            Report(context, "read_all", size, samples[0], samples[3], floor: samples[1]);
            Report(context, "websocket_client", size, samples[0], samples[4], floor: null);
        }
    }

    private void Report(BenchContext context, string variant, int size, Measurement[] baseline, Measurement[] library, Measurement[]? floor)
    {
        var (baselineRate, libraryRate, ratio, extra) = Rounds.Compare(baseline, library);
        var toFloor = floor is null ? (double?)null : Rounds.MedianRatio(floor, library);
        context.Report(new ThroughputResult(Name, variant, size, baselineRate, libraryRate, ratio, extra, toFloor));
    }
}
