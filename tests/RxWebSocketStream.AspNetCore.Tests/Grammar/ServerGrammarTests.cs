using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using RxWebSocketStream.Tests.Grammar;
using RxWebSocketStream.Tests.Reliability;
using Xunit.Abstractions;

namespace RxWebSocketStream.AspNetCore.Tests.Grammar;

/// <summary>
/// Issue 11, section 1, on the server: connections accepted by <c>MapWebSocketConnection</c> from Kestrel keep
/// the Rx grammar whichever thread ends them (the client resetting TCP, the server closing, the application
/// stopping). First each ending deterministically while the handler's subscriber is held inside
/// <c>OnNext</c>, then racing a burst of deliveries on 8 threads, round after round. The rounds come from
/// <c>RXWS_GRAMMAR_ROUNDS</c> as in the client's GrammarStressTests (default 150): half of it per ending here,
/// a tenth for shutdown, which needs a server per round.
/// </summary>
public sealed class ServerGrammarTests(ITestOutputHelper output)
{
    private const int Threads = 8;
    private const int ClientMessages = 8;

    [Theory]
    [InlineData(ServerEnding.ClientReset)]
    [InlineData(ServerEnding.ServerCloseTimer)]
    [InlineData(ServerEnding.ShutdownCloseTimer)]
    [InlineData(ServerEnding.ServerClose)]
    [InlineData(ServerEnding.Shutdown)]
    public async Task EndedWhileOnNextIsInside_TheTerminalCallComesOnceAfterOnNextReturns(ServerEnding ending)
    {
        await using var server = await CheckedServer.StartAsync();
        var (raw, client, accepted) = await server.ConnectAsync();
        await using var rawClient = raw;
        var stop = Task.CompletedTask;
        var pending = Task.CompletedTask;

        await client.SendAsync(Encoding.UTF8.GetBytes("hello"), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).Within();
        await accepted.Checker.FirstOnNextInside.Within();
        if (ending == ServerEnding.ClientReset)
        {
            // Kestrel sees the reset while the subscriber is held, then the server sends. (Today Kestrel takes
            // and drops that write, so only the receive loop, after OnNext, learns of the reset; a send that
            // does fail here must still not call the subscriber while it is inside.)
            raw.Reset();
            await accepted.RequestAborted.Within();
            accepted.Checker.NameCurrentThread("the test's thread");
            pending = accepted.Connection.SendAsync(Message.FromText("after the reset"));
        }
        else
        {
            accepted.Checker.NameCurrentThread("the test's thread");
            if (ending is ServerEnding.ServerCloseTimer or ServerEnding.ServerClose)
            {
                accepted.Connection.Close(new WebSocketCloseInfo(4000, "bye"));
            }
            else
            {
                stop = server.Kestrel.StopAsync();
            }

            // The close frame reached the client, so the close timer is running.
            var close = await ReceiveCloseAsync(client).Within();
            if (ending is ServerEnding.ServerCloseTimer or ServerEnding.ShutdownCloseTimer)
            {
                accepted.Checker.NameCurrentThread("the test's thread");
                server.Scheduler.AdvanceBy(CheckedServer.CloseTimeout.Ticks);
            }
            else
            {
                // Answered, but not awaited: a BCL client's close waits for the server to end TCP, which
                // the server does only when its held subscriber lets go.
                pending = client.CloseOutputAsync(close.CloseStatus!.Value, close.CloseStatusDescription, CancellationToken.None);
            }
        }

        accepted.Gate.Set();

        await accepted.Checker.Ended.Within();
        await Outcome(pending).Within();
        await stop.Within();
        accepted.Checker.AssertGrammar();
        Assert.Equal(1, accepted.Checker.MessageCount);
        Assert.Equal(1, accepted.Checker.TerminalCalls);
        var clean = ending is ServerEnding.ServerClose or ServerEnding.Shutdown;
        Assert.Equal(clean, accepted.Checker.Completed);
    }

    [Theory]
    [InlineData(ServerEnding.ClientReset)]
    [InlineData(ServerEnding.ServerClose)]
    [InlineData(ServerEnding.Shutdown)]
    public async Task DeliveryRacingAnEnding_EightThreads_NoBreachInAnyRound(ServerEnding ending)
    {
        var rounds = ending == ServerEnding.Shutdown ? Rounds() / 10 : Rounds() / 2;
        List<string> broken = [];
        var server = await CheckedServer.StartAsync();
        try
        {
            for (var round = 0; round < rounds; round++)
            {
                if (ending == ServerEnding.Shutdown && round > 0)
                {
                    await server.DisposeAsync();
                    server = await CheckedServer.StartAsync();
                }

                if (await RunRoundAsync(server, ending, round) is { } breaches)
                {
                    broken.Add($"Round {round}: {breaches}");
                }
            }
        }
        finally
        {
            await server.DisposeAsync();
        }

        output.WriteLine($"{ending}: {rounds} rounds, {broken.Count} with breaches of the grammar");
        Assert.True(broken.Count == 0, $"{broken.Count} of {rounds} rounds ({ending}) broke the Rx grammar. The first:\n{broken.FirstOrDefault()}");
    }

    private static async Task<string?> RunRoundAsync(CheckedServer server, ServerEnding ending, int round)
    {
        var (raw, client, accepted) = await server.ConnectAsync();
        await using var rawClient = raw;
        var clientEnd = AnswerCloseAsync(client);
        var stop = Task.CompletedTask;
        var sends = new List<Task>[Threads];
        var waitForDelivery = round % 2 == 0;

        await StartLine.RunTogether(Threads, thread =>
        {
            sends[thread] = [];
            switch (thread)
            {
                case 0:
                    SendFromClient(client);
                    break;
                case 1:
                    accepted.Checker.NameCurrentThread("the ending's thread");
                    if (waitForDelivery)
                    {
                        accepted.Checker.FirstOnNextInside.Wait(Guard.HangTimeout);
                    }

                    switch (ending)
                    {
                        case ServerEnding.ClientReset: raw.Reset(); break;
                        case ServerEnding.ServerClose: accepted.Connection.Close(new WebSocketCloseInfo(4000, "bye")); break;
                        default: stop = server.Kestrel.StopAsync(); break;
                    }

                    accepted.Gate.Set();
                    break;
                default:
                    var text = thread.ToString(CultureInfo.InvariantCulture);
                    sends[thread].Add(accepted.Connection.SendAsync(Message.FromText(text)));
                    accepted.Connection.Sink.OnNext(Message.FromText(text));
                    break;
            }
        }).Within();

        accepted.Gate.Set();
        await accepted.Checker.Ended.Within();
        await clientEnd.Within();
        await stop.Within();
        await Outcome(Task.WhenAll(sends.SelectMany(s => s))).Within();
        return accepted.Checker.Violations.Count == 0 ? null : accepted.Checker.Describe();
    }

    private static void SendFromClient(WebSocket client)
    {
        try
        {
            for (var i = 0; i < ClientMessages; i++)
            {
                client.SendAsync(Encoding.UTF8.GetBytes($"m{i}"), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).GetAwaiter().GetResult();
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The connection ended under the client's feet: that is one of the races.
        }
    }

    private static async Task<WebSocketReceiveResult> ReceiveCloseAsync(WebSocket client)
    {
        var buffer = new byte[4096];
        while (true)
        {
            var result = await client.ReceiveAsync(buffer, CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return result;
            }
        }
    }

    /// <summary>
    /// Reads what the server sends until its close frame and answers it with the same code and reason. Ends
    /// quietly when the connection is lost.
    /// </summary>
    private static async Task AnswerCloseAsync(WebSocket client)
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var result = await client.ReceiveAsync(buffer, CancellationToken.None).ConfigureAwait(false);
                if (result.MessageType != WebSocketMessageType.Close)
                {
                    continue;
                }

                await client.CloseOutputAsync(result.CloseStatus ?? WebSocketCloseStatus.NormalClosure, result.CloseStatusDescription, CancellationToken.None).ConfigureAwait(false);
                return;
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or System.Net.Sockets.SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Reset or dropped: nothing left to answer.
        }
    }

    // Completes when the task does, observing its fault.
    private static Task Outcome(Task task) =>
        task.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private static int Rounds() =>
        Environment.GetEnvironmentVariable("RXWS_GRAMMAR_ROUNDS") is { Length: > 0 } value
            ? int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture)
            : 150;
}
