using RxWebSocketStream.Testing;

namespace RxWebSocketStream.Tests.Reconnect;

/// <summary>The back-off schedule in virtual time: <see cref="ReconnectPolicySchedulingExtensions.DelaysOn"/>.</summary>
public sealed class ReconnectPolicyMarbleTests
{
    private static readonly Dictionary<char, int> Attempts = new() { ['1'] = 1, ['2'] = 2, ['3'] = 3, ['4'] = 4 };

    // Ceilings 10, 20, 40 -> 30, 30 ms; half of each with the fixed jitter: waits of 5, 10, 15, 15 ms.
    private static ReconnectPolicy Policy(int? maxAttempts) => new()
    {
        InitialDelay = TimeSpan.FromMilliseconds(10),
        MaxDelay = TimeSpan.FromMilliseconds(30),
        Jitter = () => 0.5,
        MaxAttempts = maxAttempts,
    };

    [Fact]
    public void DelaysOn_WaitsEachBackOffOnTheScheduler_ThenCompletesAfterTheLastAttempt()
    {
        var m = new MarbleTest();

        m.ExpectObservable(Policy(maxAttempts: 4).DelaysOn(m.Scheduler)).ToBe("5ms 1 9ms 2 14ms 3 14ms (4|)", Attempts);
        m.Run();
    }

    [Fact]
    public void DelaysOn_Unsubscribed_StopsDuringTheBackOffWait()
    {
        var m = new MarbleTest();

        // Unsubscribed at 40 ms, during the 15 ms wait before attempt 4 (due at 45; 6 attempts would run to 75).
        m.ExpectObservable(Policy(maxAttempts: 6).DelaysOn(m.Scheduler), "^ 39ms !").ToBe("5ms 1 9ms 2 14ms 3", Attempts);
        m.Run();

        // The clock stopped at the unsubscription: the pending wait was cancelled, not left to fire into nothing.
        Assert.Equal(TimeSpan.FromMilliseconds(40).Ticks, m.Scheduler.Clock);
    }

    [Fact]
    public void DelaysOn_IsCold_EachSubscriptionStartsAtAttemptOne()
    {
        var m = new MarbleTest();
        var schedule = Policy(maxAttempts: 2).DelaysOn(m.Scheduler);

        m.ExpectObservable(schedule).ToBe("5ms 1 9ms (2|)", Attempts);
        m.ExpectObservable(schedule, "20ms ^").ToBe("20ms 5ms 1 9ms (2|)", Attempts);
        m.Run();
    }
}
