using RxWebSocketStream.Testing;
using RxWebSocketStream.Tests.Reliability;
using RxWebSocketStream.Tests.Server;
using Xunit.Abstractions;

namespace RxWebSocketStream.Tests.Hostile;

/// <summary>
/// A hostile server: random, malformed and mutated frames (<see cref="FrameFuzzer"/>) sent to the library's
/// client. Whatever arrives, the connection ends within the close timeout, cleanly only when the peer sent a
/// valid close, otherwise with a <see cref="WebSocketConnectionException"/>; subscribers hear the end exactly
/// once; no exception escapes, not even as an unobserved task. The seed and case count come from
/// RXWS_FUZZ_SEED and RXWS_FUZZ_CASES (README.md in this folder).
/// </summary>
[Collection(RunsAloneCollection.Name)]
public sealed class FuzzingPeerTests(ITestOutputHelper output)
{
    /// <summary>The kinds whose outcome does not depend on timing, played over TCP and in memory.</summary>
    public static TheoryData<string> TcpKinds =>
    [
        nameof(FuzzKind.Valid), nameof(FuzzKind.BadOpcode), nameof(FuzzKind.ReservedBits), nameof(FuzzKind.MaskedFromServer),
        nameof(FuzzKind.FragmentedControl), nameof(FuzzKind.ControlOver125), nameof(FuzzKind.ContinuationWithoutStart),
        nameof(FuzzKind.NewMessageInsideFragmented), nameof(FuzzKind.InvalidUtf8Text), nameof(FuzzKind.InvalidCloseBody),
        nameof(FuzzKind.OverMaxMessageSize),
    ];

    [Fact]
    public void InMemory_FuzzedFrames_EndWithinTheCloseTimeoutAsTheRfcSays()
    {
        var settings = FuzzSettings.FromEnvironment();
        var fuzzer = new FrameFuzzer(settings.Seed, InMemoryFuzzPeer.MaxMessageSize);
        var failures = new List<string>();
        var failed = 0;
        var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var kinds = new SortedDictionary<string, int>(StringComparer.Ordinal);

        foreach (var index in settings.Indexes)
        {
            var fuzzCase = fuzzer.Generate(index);
            var outcome = InMemoryFuzzPeer.Run(fuzzCase);
            var problems = outcome.Broken.Concat(outcome.Mismatches(fuzzCase.Expected)).ToList();
            if (problems.Count > 0 && failed++ < 10)
            {
                failures.Add($"{fuzzCase}\n    {string.Join("\n    ", problems)}\n    replay: {settings.ReplayCommand(index)}");
            }

            outcomes[outcome.Summary] = outcomes.GetValueOrDefault(outcome.Summary) + 1;
            var byKind = $"{fuzzCase.Kind}, peer {fuzzCase.Ending}: {outcome.Summary}";
            kinds[byKind] = kinds.GetValueOrDefault(byKind) + 1;
        }

        output.WriteLine($"seed {settings.Seed}, {settings.Indexes.Count()} cases, {failed} failed");
        output.WriteLine(string.Join("\n", outcomes.Select(o => $"{o.Value,6}  {o.Key}")));
        output.WriteLine(string.Join("\n", kinds.Select(o => $"{o.Value,6}  {o.Key}")));
        Assert.True(failed == 0, $"{failed} of {settings.Indexes.Count()} fuzz cases failed (seed {settings.Seed}).\n{string.Join("\n", failures)}");

        // Every faulted task of the run is collected now, so one that nobody observed fails this test.
        UnobservedExceptions.AssertNone(collect: true);
    }

    /// <summary>
    /// The in-memory harness is representative: the same bytes sent by <see cref="RawPeer"/> over loopback
    /// TCP lead to the same end, the same close frame from the client and the same messages. The peer reads
    /// the client's close frame, then drops, as the in-memory peer's <see cref="PeerEnding.Drop"/> does.
    /// </summary>
    [Theory]
    [MemberData(nameof(TcpKinds))]
    public async Task Tcp_FuzzedFrames_EndAsInMemory(string kind)
    {
        var settings = FuzzSettings.FromEnvironment();
        var fuzzer = new FrameFuzzer(settings.Seed, InMemoryFuzzPeer.MaxMessageSize);

        // A valid case must end with the peer's close, so that the client writes a close frame to wait for.
        var fuzzKind = Enum.Parse<FuzzKind>(kind);
        var fuzzCase = Enumerable.Range(0, 100).Select(i => fuzzer.Generate(i, fuzzKind)).First(c => c.Expected.Clean == (fuzzKind == FuzzKind.Valid)) with { Ending = PeerEnding.Drop };
        var inMemory = InMemoryFuzzPeer.Run(fuzzCase);

        await using var peer = RawPeer.Start();
        var ws = WebSocketConnection.Connect(peer.Url, new() { Scheduler = new TestScheduler(), MaxMessageSize = InMemoryFuzzPeer.MaxMessageSize });
        using var raw = await peer.AcceptAsync().Within();
        await ws.Opened.Within();
        var recorder = new Recorder();
        ws.Subscribe(recorder);

        await raw.WriteBytesAsync(fuzzCase.Bytes);
        var clientClose = await raw.ReadCloseAsync().Within();
        raw.Drop();
        var overTcp = await OutcomeAsync(ws, clientClose, recorder);
        output.WriteLine($"{fuzzCase}\n  in memory: {inMemory.Label}\n  over TCP:  {overTcp.Label}");
        Assert.Empty(inMemory.Broken);
        Assert.Equal(inMemory.Label, overTcp.Label);
        Assert.Equal(inMemory.Messages, overTcp.Messages);
        Assert.Equal(1, recorder.TerminalCalls);
        Assert.Empty(overTcp.Mismatches(fuzzCase.Expected));
    }

    private static async Task<FuzzOutcome> OutcomeAsync(WebSocketConnection ws, Frame clientClose, Recorder recorder)
    {
        try
        {
            var closed = await ws.Closed.Within();
            return new FuzzOutcome(true, closed.Code, clientClose.CloseCode, recorder.Messages, []);
        }
        catch (WebSocketConnectionException e)
        {
            return new FuzzOutcome(false, e.CloseCode, clientClose.CloseCode, recorder.Messages, []);
        }
    }
}
