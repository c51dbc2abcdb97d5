namespace Rxws.Bench;

/// <summary>
/// How much a bench run measures: rounds, warm-up rounds and the work in each round. <see cref="Quick"/>
/// runs every scenario in well under 60 seconds on 2 cores; <see cref="Default"/> is what
/// docs/benchmarks.md reports; <see cref="Full"/> adds rounds and the 10,000-connection idle test.
/// </summary>
/// <param name="Name">quick, default or full: printed in the table header.</param>
/// <param name="WarmupRounds">Rounds run first and thrown away (JIT tiering, pools, TCP buffers).</param>
/// <param name="MinimumWarmup">The least time those rounds take: more are run until it has passed (see <see cref="Rounds"/>).</param>
/// <param name="Rounds">Measured rounds; each runs every variant once, baseline and library alternating.</param>
/// <param name="SmallMessages">Messages per round of up to 64 bytes (receive, send).</param>
/// <param name="MediumMessages">Messages per round of up to 4 KiB.</param>
/// <param name="LargeMessages">Messages per round of more than 4 KiB (64 KiB).</param>
/// <param name="RoundTrips">Echo round trips per round.</param>
/// <param name="Connections">Connections per round in <c>connect</c>.</param>
/// <param name="IdleConnections">Open idle connections in <c>idle</c>.</param>
/// <param name="IdleRounds">Measured rounds in <c>idle</c> (each opens and closes every connection twice).</param>
internal sealed record BenchProfile(
    string Name,
    int WarmupRounds,
    TimeSpan MinimumWarmup,
    int Rounds,
    int SmallMessages,
    int MediumMessages,
    int LargeMessages,
    int RoundTrips,
    int Connections,
    int IdleConnections,
    int IdleRounds)
{
    public static readonly BenchProfile Quick = new("quick", WarmupRounds: 1, MinimumWarmup: TimeSpan.FromSeconds(0.5), Rounds: 5, SmallMessages: 200_000, MediumMessages: 50_000, LargeMessages: 3_000, RoundTrips: 2_000, Connections: 200, IdleConnections: 1_000, IdleRounds: 1);

    public static readonly BenchProfile Default = new("default", WarmupRounds: 2, MinimumWarmup: TimeSpan.FromSeconds(1), Rounds: 9, SmallMessages: 500_000, MediumMessages: 100_000, LargeMessages: 6_000, RoundTrips: 5_000, Connections: 500, IdleConnections: 1_000, IdleRounds: 3);

    public static readonly BenchProfile Full = new("full", WarmupRounds: 3, MinimumWarmup: TimeSpan.FromSeconds(2), Rounds: 15, SmallMessages: 1_000_000, MediumMessages: 200_000, LargeMessages: 12_000, RoundTrips: 20_000, Connections: 1_000, IdleConnections: 10_000, IdleRounds: 3);

    /// <summary>Messages per round for a payload of <paramref name="size"/> bytes: fewer as they grow, so rounds take comparable time.</summary>
    public int MessagesFor(int size) => size switch
    {
        <= 64 => SmallMessages,
        <= 4096 => MediumMessages,
        _ => LargeMessages,
    };

    /// <summary>
    /// Messages per round in <c>send</c>: a fifth of <see cref="MessagesFor"/>. Every send is one socket write
    /// on both paths (about 4 µs here against about 0.2 µs per received 32-byte message), so the receive
    /// counts would make send rounds 20 times longer for no more precision.
    /// </summary>
    public int SendMessagesFor(int size) => Math.Max(1, MessagesFor(size) / SendDivisor);

    /// <summary>How many times fewer messages <c>send</c> uses than <c>receive</c>; 1 under <c>--messages</c>.</summary>
    public int SendDivisor { get; init; } = 5;

    /// <summary>This profile with every per-round count replaced by <paramref name="messages"/> (the test-only <c>--messages</c>).</summary>
    public BenchProfile WithMessages(int messages) => this with
    {
        SmallMessages = messages,
        MediumMessages = messages,
        LargeMessages = messages,
        RoundTrips = messages,
        Connections = messages,
        IdleConnections = messages,
        SendDivisor = 1,
    };
}
