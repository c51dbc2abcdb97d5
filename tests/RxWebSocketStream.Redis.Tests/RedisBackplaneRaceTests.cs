using System.Reactive.Linq;
using RxWebSocketStream.AspNetCore;
using RxWebSocketStream.Redis.Tests.Fixture;
using RxWebSocketStream.Tests.Grammar;
using RxWebSocketStream.Tests.Reliability;

namespace RxWebSocketStream.Redis.Tests;

/// <summary>Where threads meet in the backplane: concurrent publishers, and a dispose while messages arrive.</summary>
public sealed class RedisBackplaneRaceTests
{
    [RedisFact]
    public async Task Publishing_from_many_threads_keeps_each_threads_order_and_every_sequence_number()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await ConnectLiveAsync(redis);
        await using var b = await ConnectLiveAsync(redis);
        var atB = new ReceivedTexts();
        using var subscription = b.Received.Select(static m => m.Message).Subscribe(atB);
        const int Threads = 4;
        const int PerThread = 250;

        // Sequence numbers are taken in one order and the PUBLISH commands could go out in another, unless both
        // happen together: B would then see numbers go backwards and ignore those messages.
        await StartLine.RunTogether(Threads, thread =>
        {
            for (var i = 1; i <= PerThread; i++)
            {
                a.Publish(new BackplaneMessage(null, Message.FromText($"{thread}:{i}")));
            }
        }).Within();
        for (var thread = 0; thread < Threads; thread++)
        {
            await atB.ArrivedAsync($"{thread}:{PerThread}");
        }

        for (var thread = 0; thread < Threads; thread++)
        {
            var prefix = $"{thread}:";
            Assert.Equal(Enumerable.Range(1, PerThread).Select(i => prefix + i), atB.Texts.Where(t => t.StartsWith(prefix, StringComparison.Ordinal)));
        }

        Assert.Equal(Threads * PerThread, atB.Texts.Count);
        Assert.Equal((0, 0, Threads * PerThread), (b.IgnoredMessageCount, b.MissedMessageCount, a.PublishedMessageCount));
    }

    [RedisFact]
    public async Task Disposing_while_messages_arrive_ends_Received_once_and_nothing_follows()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var a = await ConnectLiveAsync(redis);
        for (var round = 0; round < 3; round++)
        {
            var b = await ConnectLiveAsync(redis);
            var checker = new GrammarCheckingObserver();
            b.Received.Select(static m => m.Message).Subscribe(checker);
            using var stop = new CancellationTokenSource();
            var publisher = Task.Run(() =>
            {
                for (var i = 0; !stop.IsCancellationRequested && i < 5_000; i++)
                {
                    a.Publish(new BackplaneMessage(null, Message.FromText($"m{i}")));
                }
            });

            await checker.FirstOnNextInside.Within();
            await b.DisposeAsync();
            await stop.CancelAsync();
            await publisher.Within();

            await checker.Ended.Within();
            checker.AssertGrammar();
            Assert.True(checker.Completed, checker.Describe());
            Assert.Equal(1, checker.TerminalCalls);
        }
    }

    private static Task<RedisBackplane> ConnectLiveAsync(RedisServer redis) => BackplaneNode.ConnectBackplaneAsync(redis);
}
