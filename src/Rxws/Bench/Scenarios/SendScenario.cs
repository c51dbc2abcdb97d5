using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using RxWebSocketStream;
using Websocket.Client;

namespace Rxws.Bench.Scenarios;

/// <summary>
/// <c>send</c>: the client sends N messages of S bytes and the server counts them, answering
/// <c>counted</c> after the N-th: (a) raw <see cref="WebSocket.SendAsync(ReadOnlyMemory{byte}, WebSocketMessageType, bool, CancellationToken)"/>
/// awaited one by one (baseline), (b) the library's <c>SendAsync</c> awaited one by one, (c) the
/// <c>Sink</c>: <c>OnNext</c> N times, then wait for <c>counted</c>; (d) Websocket.Client's <c>SendInstant</c> awaited
/// one by one, (e) its queued <c>Send</c> N times, then wait for <c>counted</c>. A round is timed from the
/// <c>count N</c> command to the server's answer. The sink's connection has a send buffer of N messages,
/// so the burst fits (the default 1,024 with <see cref="SendBufferOverflow.Fail"/> would close it with 1011).
/// </summary>
internal sealed class SendScenario : IBenchScenario
{
    public string Name => "send";

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var url = context.Server.Url;
        var largestBurst = ReceiveScenario.Sizes.Max(context.Profile.SendMessagesFor);
        var raw = await RawClient.ConnectAsync(url, cancellationToken).ConfigureAwait(false);
        var awaited = await LibraryClient.ConnectAsync(url, null, cancellationToken).ConfigureAwait(false);
        var awaitedReplies = new MessageCounter<Message>();
        var awaitedSubscription = awaited.Subscribe(awaitedReplies);
        var sinking = await LibraryClient.ConnectAsync(url, new WebSocketConnectionOptions { SendBufferCapacity = largestBurst + 1 }, cancellationToken).ConfigureAwait(false);
        var sinkingReplies = new MessageCounter<Message>();
        var sinkingSubscription = sinking.Subscribe(sinkingReplies);
        var peer = await PeerClient.ConnectAsync(url, cancellationToken).ConfigureAwait(false);
        var peerReplies = new MessageCounter<ResponseMessage>();
        var peerSubscription = peer.MessageReceived.Subscribe(peerReplies);
        try
        {
            var reply = new byte[64];
            foreach (var size in ReceiveScenario.Sizes)
            {
                var n = context.Profile.SendMessagesFor(size);
                var payload = context.Server.Payload(size);
                var message = Message.FromBinary(payload);
                var command = string.Create(CultureInfo.InvariantCulture, $"count {n}");
                var rawCommand = Encoding.ASCII.GetBytes(command);
                var libraryCommand = Message.FromText(command);

                async Task<Measurement> Raw()
                {
                    var run = Measurement.Start();
                    await raw.SendAsync(rawCommand, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
                    for (var i = 0; i < n; i++)
                    {
                        await raw.SendAsync(payload, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
                    }

                    await RawClient.ReceiveMessagesAsync(raw, reply, 1).ConfigureAwait(false);
                    return run.Stop(n);
                }

                async Task<Measurement> SendAsync()
                {
                    var counted = awaitedReplies.Expect(1);
                    var run = Measurement.Start();
                    await awaited.SendAsync(libraryCommand, CancellationToken.None).ConfigureAwait(false);
                    for (var i = 0; i < n; i++)
                    {
                        await awaited.SendAsync(message, CancellationToken.None).ConfigureAwait(false);
                    }

                    await counted.ConfigureAwait(false);
                    return run.Stop(n);
                }

                async Task<Measurement> Sink()
                {
                    var counted = sinkingReplies.Expect(1);
                    var run = Measurement.Start();
                    var sink = sinking.Sink;
                    sink.OnNext(libraryCommand);
                    for (var i = 0; i < n; i++)
                    {
                        sink.OnNext(message);
                    }

                    await counted.ConfigureAwait(false);
                    return run.Stop(n);
                }

                async Task<Measurement> PeerInstant()
                {
                    var counted = peerReplies.Expect(1);
                    var run = Measurement.Start();
                    await peer.SendInstant(command).ConfigureAwait(false);
                    for (var i = 0; i < n; i++)
                    {
                        await peer.SendInstant(payload).ConfigureAwait(false);
                    }

                    await counted.ConfigureAwait(false);
                    return run.Stop(n);
                }

                async Task<Measurement> PeerQueued()
                {
                    var counted = peerReplies.Expect(1);
                    var run = Measurement.Start();
                    peer.Send(command);
                    for (var i = 0; i < n; i++)
                    {
                        peer.Send(payload);
                    }

                    await counted.ConfigureAwait(false);
                    return run.Stop(n);
                }

                var samples = await Rounds.RunAsync(context.Profile, [Raw, SendAsync, Sink, PeerInstant, PeerQueued], cancellationToken).ConfigureAwait(false);
                Report(context, "send_async", size, samples[0], samples[1]);
                Report(context, "sink", size, samples[0], samples[2]);
                Report(context, "websocket_client", size, samples[0], samples[3]);
                Report(context, "websocket_client_queued", size, samples[0], samples[4]);
            }
        }
        finally
        {
            await RawClient.CloseAsync(raw).ConfigureAwait(false);
            awaitedSubscription.Dispose();
            await LibraryClient.CloseAsync(awaited).ConfigureAwait(false);
            sinkingSubscription.Dispose();
            await LibraryClient.CloseAsync(sinking).ConfigureAwait(false);
            peerSubscription.Dispose();
            await PeerClient.CloseAsync(peer).ConfigureAwait(false);
        }
    }

    private void Report(BenchContext context, string variant, int size, Measurement[] baseline, Measurement[] library)
    {
        var (baselineRate, libraryRate, ratio, extra) = Rounds.Compare(baseline, library);
        context.Report(new ThroughputResult(Name, variant, size, baselineRate, libraryRate, ratio, extra));
    }
}
