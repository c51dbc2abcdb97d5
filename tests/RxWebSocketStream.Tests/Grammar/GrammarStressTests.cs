using System.Globalization;
using System.Net.WebSockets;
using RxWebSocketStream.Tests.Reliability;
using Xunit.Abstractions;

namespace RxWebSocketStream.Tests.Grammar;

/// <summary>
/// Issue 11, section 1: message delivery racing each ending, on 8 threads released together, round after
/// round, with two grammar-checking subscribers; not one breach is allowed. In each round the peer sends a
/// burst of messages (delivered on pool threads), one thread ends the connection, and six more send through
/// <c>SendAsync</c> and the sink at the same moment. The first subscriber is held inside each <c>OnNext</c>
/// until the ending has been played; in even rounds the ending also waits for a message to be inside, in odd
/// rounds it races freely. A second theory does the same with the held consumer reading through
/// <c>ReadAllAsync</c>, in half as many rounds. The rounds per ending come from <c>RXWS_GRAMMAR_ROUNDS</c>
/// (default <see cref="DefaultRounds"/>), for a longer run without an edit:
/// <c>RXWS_GRAMMAR_ROUNDS=5000 dotnet test tests/RxWebSocketStream.Tests --filter FullyQualifiedName~GrammarStressTests</c>.
/// </summary>
[Collection(RunsAloneCollection.Name)]
public sealed class GrammarStressTests(ITestOutputHelper output)
{
    public const int DefaultRounds = 150;

    private const int Threads = 8;
    private const int PeerMessages = 8;

    [Theory]
    [MemberData(nameof(Endings.Stressed), MemberType = typeof(Endings))]
    public Task DeliveryRacingAnEnding_EightThreads_NoBreachInAnyRound(Ending ending) => RunRoundsAsync(ending, pullReader: false);

    /// <summary>The same races with the held consumer reading through <c>ReadAllAsync</c> instead of subscribing.</summary>
    [Theory]
    [MemberData(nameof(Endings.Stressed), MemberType = typeof(Endings))]
    public Task ReaderDeliveryRacingAnEnding_EightThreads_NoBreachInAnyRound(Ending ending) => RunRoundsAsync(ending, pullReader: true);

    private async Task RunRoundsAsync(Ending ending, bool pullReader)
    {
        // The reader's races differ from the subscriber's only in how the held consumer is fed: half as many
        // rounds keep the class within its time budget.
        var rounds = pullReader ? Rounds() / 2 : Rounds();
        List<string> broken = [];
        for (var round = 0; round < rounds; round++)
        {
            if (await RunRoundAsync(ending, round, pullReader) is { } breaches)
            {
                broken.Add($"Round {round}: {breaches}");
            }
        }

        output.WriteLine($"{ending}: {rounds} rounds, {broken.Count} with breaches of the grammar");
        Assert.True(broken.Count == 0, $"{broken.Count} of {rounds} rounds ({ending}) broke the Rx grammar. The first:\n{broken.FirstOrDefault()}");
    }

    private static async Task<string?> RunRoundAsync(Ending ending, int round, bool pullReader)
    {
        using var rig = await RaceRig.OpenAsync(ending);
        using var gate = new ManualResetEventSlim();
        var held = pullReader ? null : new GrammarCheckingObserver { OnNextGate = gate };
        var reader = pullReader ? CheckedReader.Start(rig.Connection, gate) : null;
        var second = rig.SecondSubscriber(throwAt: 1 + (round % PeerMessages));
        using var heldSubscription = held is null ? null : rig.Connection.Subscribe(held);
        using var secondSubscription = rig.Connection.Subscribe(second);
        var firstInside = held?.FirstOnNextInside ?? reader!.FirstMessageInside;
        var waitForDelivery = round % 2 == 0;

        await StartLine.RunTogether(Threads, thread =>
        {
            switch (thread)
            {
                case 0:
                    PlayPeer(rig);
                    break;
                case 1:
                    held?.NameCurrentThread("the ending's thread");
                    second.NameCurrentThread("the ending's thread");
                    if (waitForDelivery)
                    {
                        firstInside.Wait(Guard.HangTimeout);
                    }

                    rig.EndFromClient();
                    gate.Set();
                    break;
                default:
                    rig.SendFromClient(thread.ToString(CultureInfo.InvariantCulture));
                    break;
            }
        }).Within();

        gate.Set();
        await (held?.Ended ?? reader!.Ended).Within();
        await second.Ended.Within();
        await rig.SettleAsync();
        List<string> breaches = [.. held?.Violations ?? reader!.Violations, .. second.Violations];
        return breaches.Count == 0 ? null : string.Join("\n", breaches);
    }

    private static void PlayPeer(RaceRig rig)
    {
        try
        {
            for (var i = 0; i < PeerMessages; i++)
            {
                rig.PeerSendAsync($"m{i}").GetAwaiter().GetResult();
            }

            rig.EndFromPeerAsync().GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The client ended the connection under the peer's feet: that is one of the races.
        }
    }

    private static int Rounds() =>
        Environment.GetEnvironmentVariable("RXWS_GRAMMAR_ROUNDS") is { Length: > 0 } value
            ? int.Parse(value, NumberStyles.Integer, CultureInfo.InvariantCulture)
            : DefaultRounds;
}
