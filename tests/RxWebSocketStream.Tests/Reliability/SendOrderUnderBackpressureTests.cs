using System.Globalization;
using RxWebSocketStream.Tests.Server;

namespace RxWebSocketStream.Tests.Reliability;

/// <summary>
/// docs/behaviour.md ("Sending"), "in call order", when the send buffer is full and the send loop frees room on another
/// thread than the caller's: the room goes to the oldest waiting call, never to a later one.
/// </summary>
public sealed class SendOrderUnderBackpressureTests(TestServer server) : IClassFixture<TestServer>
{
    [Fact]
    public async Task SendAsync_CallsWaitingForRoomWhileTheSendLoopRunsOnAnotherThread_GoOutInCallOrder()
    {
        // A race, not a schedule: a later call wins only if it reads the buffer's count in the instant after
        // the send loop frees a slot for an earlier one (no seam exists to stop the loop there). So the calls
        // come in bursts that provably overlap the send loop: before each burst, the caller waits until the
        // older half of its backlog is written, which leaves the loop busy with the newer half while the burst
        // goes in beside it. Before the fix this caught the reordering in about 2 runs out of 5 on a loaded
        // 2-core machine (more when idle); it must never fail now.
        const int Calls = 8192;
        const int Burst = 256;
        var id = Guid.NewGuid().ToString("N");
        server.Log(id).Release();
        OffCallerThreadSocket? socket = null;
        await using var ws = WebSocketConnection.Connect(server.Url("read-when-released", id), new()
        {
            SendBufferCapacity = 1,
            SocketFactory = async (url, _, ct) => socket = await OffCallerThreadSocket.ConnectAsync(url, ct),
        });
        await ws.Opened.Within();

        // One caller on a thread of its own (the pool stays free for the send loop), so one call order.
        var sends = await Task.Factory.StartNew(
            () =>
            {
                socket!.KeepWritesOffThisThread();
                var calls = new List<Task>(Calls);
                for (var i = 0; i < Calls; i++)
                {
                    if (i >= 2 * Burst && i % Burst == 0)
                    {
                        Assert.True(calls[i - Burst].Wait(Guard.HangTimeout), "The send loop made no progress.");
                    }

                    calls.Add(ws.SendAsync(Message.FromText(i.ToString(CultureInfo.InvariantCulture))));
                }

                return calls;
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        await Task.WhenAll(sends).Within();
        await server.Log(id).WaitForMessagesAsync(Calls).Within();
        var received = server.Log(id).Received.Select(m => int.Parse(m.Text, CultureInfo.InvariantCulture)).ToList();
        var firstOutOfOrder = received.Select((index, position) => index == position ? -1 : position).FirstOrDefault(p => p >= 0, -1);
        Assert.True(
            firstOutOfOrder < 0,
            $"The wire order breaks at position {firstOutOfOrder}: {string.Join(", ", received.Skip(Math.Max(0, firstOutOfOrder - 2)).Take(6))}");
    }
}
