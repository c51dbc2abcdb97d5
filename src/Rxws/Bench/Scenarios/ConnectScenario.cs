using System.Net.WebSockets;
using RxWebSocketStream;

namespace Rxws.Bench.Scenarios;

/// <summary>
/// <c>connect</c>: K connections one after another, each: opening handshake, one 32-byte message sent and
/// its echo received, close handshake (we send 1000, the server answers). Raw <see cref="ClientWebSocket"/>
/// (baseline) against <c>WebSocketConnection.Connect</c> with a subscriber, <c>SendAsync</c> (queued until
/// open, as a user would write it), <c>Close</c> and <c>Closed</c>. Reports connections per second.
/// </summary>
internal sealed class ConnectScenario : IBenchScenario
{
    private const int Size = 32;

    public string Name => "connect";

    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var url = context.Server.Url;
        var count = context.Profile.Connections;
        var payload = context.Server.Payload(Size);
        var message = Message.FromBinary(payload);
        var buffer = new byte[Size];

        async Task<Measurement> Raw()
        {
            var run = Measurement.Start();
            for (var i = 0; i < count; i++)
            {
                using var socket = new ClientWebSocket();
                await socket.ConnectAsync(url, cancellationToken).ConfigureAwait(false);
                await socket.SendAsync(payload, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
                await RawClient.ReceiveMessagesAsync(socket, buffer, 1).ConfigureAwait(false);
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).ConfigureAwait(false);
            }

            return run.Stop(count);
        }

        async Task<Measurement> Library()
        {
            var echoed = new EchoObserver<Message>();
            var run = Measurement.Start();
            for (var i = 0; i < count; i++)
            {
                var connection = WebSocketConnection.Connect(url);
                using var subscription = connection.Subscribe(echoed);
                await connection.SendAsync(message, cancellationToken).ConfigureAwait(false);
                await echoed.Echo.WaitAsync().ConfigureAwait(false);
                connection.Close(new WebSocketCloseInfo(WebSocketCloseCodes.NormalClosure));
                await connection.Closed.ConfigureAwait(false);
            }

            return run.Stop(count);
        }

        var samples = await Rounds.RunAsync(context.Profile, [Raw, Library], cancellationToken).ConfigureAwait(false);
        var (baselineRate, libraryRate, ratio, extra) = Rounds.Compare(samples[0], samples[1]);
        context.Report(new ThroughputResult(Name, "connect", Size, baselineRate, libraryRate, ratio, extra));
    }
}
