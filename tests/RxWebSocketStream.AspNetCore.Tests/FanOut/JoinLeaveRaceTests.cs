using RxWebSocketStream.Tests.Grammar;
using RxWebSocketStream.Tests.Reliability;

namespace RxWebSocketStream.AspNetCore.Tests.FanOut;

/// <summary>
/// Issue 15: joins and leaves race each other and a running broadcast on many threads. Each client (the
/// library's own, watched by the grammar checker) sees a strictly increasing run of the broadcast, never a
/// message twice, never a breach of the Rx grammar; the group ends exactly as the last operations left it,
/// and connections that close leave by themselves.
/// </summary>
public sealed class JoinLeaveRaceTests
{
    private const int Clients = 8;
    private const int Threads = 4;
    private const int OperationsPerThread = 2000;
    private const int Broadcasts = 2000;

    [Fact]
    public async Task JoinsAndLeavesFromManyThreadsDuringABroadcast_EachClientSeesAnOrderedRunOnceAndTheGroupEndsConsistent()
    {
        // DropOldest: a client that falls behind the unpaced broadcast loses old messages (counted), never the final one.
        var options = new BroadcastGroupOptions { SlowClient = SlowClientPolicy.DropOldest };
        await using var server = await FanOutServer.StartAsync(new Broadcaster(new() { DefaultGroup = options }));
        var group = server.Broadcaster.Group("race");
        var clients = new List<(WebSocketConnection Client, GrammarCheckingObserver Checker, List<int> Indexes, TaskCompletionSource<int> Final)>();
        for (var i = 0; i < Clients; i++)
        {
            var indexes = new List<int>();
            var final = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            var checker = new GrammarCheckingObserver
            {
                OnEach = m =>
                {
                    var index = Numbered.IndexOf(m.Data.Span);
                    indexes.Add(index);
                    if (index == int.MaxValue)
                    {
                        final.TrySetResult(indexes.Count(x => x == int.MaxValue));
                    }
                },
            };
            var client = WebSocketConnection.Connect(new UriBuilder(server.Url) { Query = $"id=r{i}" }.Uri);
            client.Subscribe(checker);
            clients.Add((client, checker, indexes, final));
        }

        var connections = await Task.WhenAll(Enumerable.Range(0, Clients).Select(i => server.Connection($"r{i}")));

        // The last thread broadcasts while the others join and leave.
        await StartLine.RunTogether(Threads + 1, thread =>
        {
            if (thread == Threads)
            {
                for (var i = 0; i < Broadcasts; i++)
                {
                    group.Send(Numbered.Binary(i, 8));
                }

                return;
            }

            var random = new Random(thread);
            for (var op = 0; op < OperationsPerThread; op++)
            {
                var connection = connections[random.Next(Clients)];
                _ = random.Next(2) == 0 ? group.Join(connection) : group.Leave(connection);
            }
        }).Within();

        // Whatever the race left, the group's list and its lookups agree; then everyone joins for the final message.
        Assert.Equal(connections.Count(group.Contains), group.Count);
        foreach (var connection in connections)
        {
            group.Join(connection);
        }

        Assert.Equal(Clients, group.Count);
        group.Send(Numbered.Binary(int.MaxValue, 8));
        foreach (var (client, checker, indexes, final) in clients)
        {
            Assert.Equal(1, await final.Task.Within());
            Assert.Equal(indexes.Order().Distinct(), indexes);
            client.Close();
            await checker.Ended.Within();
            checker.AssertGrammar();
        }

        // Closed connections leave by themselves (after the server saw each close).
        foreach (var connection in connections)
        {
            await connection.Closed.Within();
        }

        Assert.Equal(0, group.Count);
        Assert.Equal(0, server.Broadcaster.All.Count);
    }
}
