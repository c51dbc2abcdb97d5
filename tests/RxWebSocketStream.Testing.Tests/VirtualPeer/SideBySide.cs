using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;

namespace RxWebSocketStream.Testing.Tests.VirtualPeer;

/// <summary>
/// Runs one scenario against the virtual peer and against a real BCL client socket
/// (<see cref="WebSocket.CreateFromStream(Stream, bool, string?, TimeSpan)"/> over loopback TCP) whose server is a
/// hand-written raw peer, so protocol violations can be sent too. The outcomes and the frames our side put on the wire
/// must be the same.
/// </summary>
internal static class SideBySide
{
    /// <summary>Only a hang guard for the real socket: nothing here waits on time otherwise.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(20);

    internal static (List<string> Outcomes, List<SocketAction> Wire) RunVirtual(IEnumerable<Step> steps)
    {
        var scheduler = new TestScheduler(TestSchedulerMode.Marble);
        var peer = new Testing.VirtualPeer(scheduler, new VirtualPeerOptions { AnswersClose = false });
        var outcomes = new List<string>();
        foreach (var step in steps)
        {
            if (step is Step.PeerStep p)
            {
                peer.Perform(p.Action);
                scheduler.Start();
                continue;
            }

            var op = (Step.Operation)step;
            Task<string> task;
            try
            {
                task = op.Run(peer.Socket);
            }
            catch (Exception e)
            {
                task = Task.FromException<string>(e);
            }

            scheduler.Start();
            outcomes.Add($"{op}: {(task.IsCompleted ? Outcome(task) : "pending")} | {Step.Describe(peer.Socket)}");
        }

        var wire = peer.ReceivedActions
            .Where(a => a.Kind != SocketActionKind.Abort)
            .Select(a => a.Kind == SocketActionKind.Close ? SocketAction.CloseOutput(a.CloseStatus!.Value, a.CloseReason) : a)
            .ToList();
        return (outcomes, wire);
    }

    /// <summary>
    /// The real socket is the reference here, not the system under test. Once, under a full parallel test
    /// run on 2 cores, the BCL's receive cancelled right after it started ("cancelling a pending receive
    /// aborts") did not end within the hang guard. A reference run that hangs is run once more on a fresh
    /// socket pair; a second hang, or any difference from the virtual socket, still fails the test.
    /// </summary>
    internal static async Task<(List<string> Outcomes, List<SocketAction> Wire)> RunRealOnceMoreOnHangAsync(IReadOnlyList<Step> steps)
    {
        try
        {
            return await RunRealAsync(steps);
        }
        catch (TimeoutException)
        {
            return await RunRealAsync(steps);
        }
    }

    internal static async Task<(List<string> Outcomes, List<SocketAction> Wire)> RunRealAsync(IEnumerable<Step> steps)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new TcpClient { NoDelay = true };
        var connecting = client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        using var server = await listener.AcceptSocketAsync().WaitAsync(HangGuard);
        await connecting.WaitAsync(HangGuard);
        await using var serverStream = new NetworkStream(server, ownsSocket: false);
        var ws = WebSocket.CreateFromStream(client.GetStream(), isServer: false, subProtocol: null, keepAliveInterval: Timeout.InfiniteTimeSpan);
        var reading = WireFrames.ReadAllAsync(serverStream);
        var outcomes = new List<string>();
        foreach (var step in steps)
        {
            if (step is Step.PeerStep p)
            {
                if (ReferenceEquals(p.Action, PeerAction.Drop()))
                {
                    server.Shutdown(SocketShutdown.Send);
                }

                foreach (var frame in p.Action.WireFrames)
                {
                    await serverStream.WriteAsync(WireFrames.Encode(frame));
                }

                continue;
            }

            var op = (Step.Operation)step;
            Task<string> task;
            try
            {
                task = op.Run(ws);
            }
            catch (Exception e)
            {
                task = Task.FromException<string>(e);
            }

            try
            {
                await task.WaitAsync(HangGuard);
            }
            catch (Exception) when (task.IsCompleted)
            {
            }

            outcomes.Add($"{op}: {Outcome(task)} | {Step.Describe(ws)}");
        }

        ws.Dispose();
        client.Close();
        var wire = await reading.WaitAsync(HangGuard);
        return (outcomes, wire);
    }

    /// <summary>What <c>await</c> gives: the result, or the exception it throws (a cancelled task's own exception).</summary>
    private static string Outcome(Task<string> task)
    {
        try
        {
            return task.GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            return Step.Describe(e);
        }
    }
}
