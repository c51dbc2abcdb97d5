using System.Globalization;
using System.Text.RegularExpressions;
using Rxws.Soak;
using Rxws.Tests.Infrastructure;

namespace Rxws.Tests;

/// <summary>
/// <c>rxws soak</c> (issue 6): reduced runs against real sockets, with both ways of breaking connections,
/// must account for every message; and the ledger that judges them must catch each kind of breach, or a
/// green run would prove nothing.
/// </summary>
public sealed partial class SoakTests
{
    [Fact]
    public async Task Soak_ServerAbortsConnections_EveryMessageEchoedReportedOrInDoubt()
    {
        var (exitCode, tool) = await InProcessTool.RunAsync("soak", "--messages", "20000", "--seed", "7", "--abort-every", "1000", "--connections", "3");

        var lines = await tool.Output.RestAsync();
        var summary = Summary.Parse(lines[^1]);
        Assert.True(exitCode == 0, string.Join('\n', lines));
        Assert.Equal(20000, summary.Messages);
        Assert.Equal(summary.Messages, summary.Echoed + summary.ReportedUnsent + summary.InDoubt);
        Assert.Equal(0, summary.Breaches);
        // The run must have broken connections, and left messages in doubt at their ends, or it tested nothing.
        Assert.InRange(summary.Aborts, 5, 30);
        Assert.True(summary.InDoubt > 0, lines[^1]);
        Assert.Empty(await tool.Error.RestAsync());
    }

    [Fact]
    public async Task Soak_LargeMessagesQueueInTheLibrary_UnsentMessageCountCoversExactlyTheQueuedOnes()
    {
        // 64 KiB messages, 256 of them in flight per connection, fill TCP's buffers: when a connection is
        // aborted, sink messages are still queued in the library, and only UnsentMessageCount reports them.
        var (exitCode, tool) = await InProcessTool.RunAsync("soak", "--messages", "1500", "--seed", "4", "--abort-every", "200", "--size", "65536");

        var lines = await tool.Output.RestAsync();
        var summary = Summary.Parse(lines[^1]);
        Assert.True(exitCode == 0, string.Join('\n', lines));
        Assert.Equal(summary.Messages, summary.Echoed + summary.ReportedUnsent + summary.InDoubt);
        Assert.Equal(0, summary.Breaches);
        var counted = UnsentLine().Match(lines[^2]);
        Assert.True(counted.Success && int.Parse(counted.Groups["counted"].Value, CultureInfo.InvariantCulture) > 0, lines[^2]);
    }

    [Fact]
    public async Task Soak_ClientBreaksItsTcpUnderTheLibrary_AgainstAnExternalEchoServer()
    {
        await using var server = await ScriptedServer.StartAsync(ScriptedServer.EchoAsync);

        var (exitCode, tool) = await InProcessTool.RunAsync("soak", "--url", server.Url.ToString(), "--messages", "5000", "--seed", "3", "--abort-every", "500", "--size", "2048");

        var lines = await tool.Output.RestAsync();
        var summary = Summary.Parse(lines[^1]);
        Assert.True(exitCode == 0, string.Join('\n', lines));
        Assert.Contains("the client breaks a connection", lines[0], StringComparison.Ordinal);
        Assert.Equal(summary.Messages, summary.Echoed + summary.ReportedUnsent + summary.InDoubt);
        Assert.Equal(0, summary.Breaches);
        Assert.InRange(summary.Aborts, 3, 20);
    }

    [Theory]
    [InlineData("soak", "--url", "ws://127.0.0.1:1/", "--abort-by", "server")]
    [InlineData("soak", "--url", "http://127.0.0.1:1/")]
    [InlineData("soak", "--window", "1025")]
    [InlineData("soak", "--size", "4")]
    [InlineData("soak", "--abort-by", "peer")]
    [InlineData("soak", "--messages", "0")]
    public async Task Soak_BadArguments_UsageErrorOnOneLine_NothingSent(params string[] args)
    {
        var (exitCode, tool) = await InProcessTool.RunAsync(args);

        Assert.Equal(2, exitCode);
        Assert.Empty(await tool.Output.RestAsync());
        Assert.Single(await tool.Error.RestAsync());
    }

    [Fact]
    public async Task Soak_NoServerAtTheUrl_ExitsOneWithTheReason()
    {
        var (exitCode, tool) = await InProcessTool.RunAsync("soak", "--url", "ws://127.0.0.1:1/", "--messages", "10");

        Assert.Equal(1, exitCode);
        Assert.StartsWith("rxws soak: ", Assert.Single(await tool.Error.RestAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public void Ledger_ConnectionThatDied_EchoedPrefixThenInDoubtThenUnsentSuffix()
    {
        // Six sink messages on one connection: 0-1 echoed, 2-3 taken by the socket with no echo, 4-5 never
        // written and counted by the library (UnsentMessageCount 2).
        var history = new History(6);
        history.SendAll(SoakLedger.Route.Sink);
        history.Write(0, 1, 2, 3);
        history.Echo(0, 1);
        history.End(unsent: 2);

        var tally = history.Tally();

        Assert.Equal((2, 2, 2), (tally.Echoed, tally.InDoubt, tally.ReportedUnsent));
        Assert.True(tally.Holds, tally.ToString());
    }

    [Theory]
    [InlineData("a gap: 1 written, never echoed, though 2 was")]
    [InlineData("silent loss at the end: 4 never written, not counted")]
    [InlineData("echoed and reported: the SendAsync of 1 faulted")]
    [InlineData("echoed twice")]
    [InlineData("echoes out of order")]
    [InlineData("3 written after 2 was refused")]
    [InlineData("an echo of a message never sent on this connection")]
    [InlineData("more unsent counted than sink messages accepted")]
    [InlineData("3 reported unsent, though the socket took it")]
    public void Ledger_EachKindOfBreach_IsCountedAndFailsTheRun(string breach)
    {
        // The base is the healthy history of the test above, before its echoes and its end.
        var history = new History(6);
        history.SendAll(SoakLedger.Route.Sink);
        history.Write(0, 1, 2, 3);
        var (rig, count) = Breaches[breach];
        rig(history);

        var tally = history.Tally();

        Assert.True(count(tally) == 1, $"{breach}: {tally}");
        Assert.False(tally.Holds, breach);
    }

    private static readonly Dictionary<string, (Action<History> Rig, Func<SoakTally, int> Count)> Breaches = new()
    {
        ["a gap: 1 written, never echoed, though 2 was"] = (static h => { h.Echo(0, 2); h.End(unsent: 2); }, static t => t.Neither),
        ["silent loss at the end: 4 never written, not counted"] = (static h => { h.Echo(0, 1); h.End(unsent: 1); }, static t => t.Neither),
        ["echoed and reported: the SendAsync of 1 faulted"] = (static h => { h.Outcome(1, SoakLedger.Route.SendAsyncFaulted); h.Echo(0, 1); h.End(unsent: 2); }, static t => t.Both),
        ["echoed twice"] = (static h => { h.Echo(0, 1, 1); h.End(unsent: 2); }, static t => t.Duplicated),
        ["echoes out of order"] = (static h => { h.Echo(1, 0); h.End(unsent: 2); }, static t => t.Reordered),
        ["3 written after 2 was refused"] = (static h => { h.Outcome(2, SoakLedger.Route.SinkRefused); h.Echo(0); h.End(unsent: 2); }, static t => t.Reordered),
        ["an echo of a message never sent on this connection"] = (static h => { h.Echo(0, 1); h.EchoStray(5_000); h.End(unsent: 2); }, static t => t.Stray),
        ["more unsent counted than sink messages accepted"] = (static h => h.End(unsent: 7), static t => t.Stray),
        ["3 reported unsent, though the socket took it"] = (static h => { h.Echo(0, 1); h.End(unsent: 3); }, static t => t.OverReported),
    };

    /// <summary>One connection's history, written into a ledger by hand.</summary>
    internal sealed class History
    {
        private readonly SoakLedger _ledger;
        private readonly SoakSession _session;

        public History(int messages)
        {
            _ledger = new SoakLedger(messages);
            _session = _ledger.OpenSession(lane: 0);
        }

        public void SendAll(SoakLedger.Route route)
        {
            while (_ledger.TryTake(out var sequence))
            {
                _ledger.Sending(_session, sequence, route);
            }
        }

        public void Outcome(int sequence, SoakLedger.Route route) => _ledger.Outcome(sequence, route);

        public void Write(params int[] sequences)
        {
            foreach (var sequence in sequences)
            {
                _ledger.Handed(sequence);
                _ledger.Written(sequence, succeeded: true);
            }
        }

        public void Echo(params int[] sequences)
        {
            foreach (var sequence in sequences)
            {
                _ledger.Echoed(_session, sequence);
            }
        }

        public void EchoStray(long sequence) => _ledger.Echoed(_session, sequence);

        public void End(int unsent) => _session.End(clean: false, unsent);

        public SoakTally Tally() => _ledger.Tally([]);
    }

    [GeneratedRegex(@"^reported unsent: (?<counted>\d+) counted in UnsentMessageCount, \d+ faulted SendAsync, \d+ refused by the sink \(DroppedMessageCount\)$")]
    private static partial Regex UnsentLine();

    /// <summary>The summary line: <c>N messages: a echoed, b reported unsent, ... k aborts in t s</c>.</summary>
    private sealed partial record Summary(int Messages, int Echoed, int ReportedUnsent, int InDoubt, int Breaches, int Aborts)
    {
        public static Summary Parse(string line)
        {
            var match = Line().Match(line);
            Assert.True(match.Success, $"not a summary line: {line}");
            int Field(string name) => int.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture);
            var breaches = new[] { "both", "neither", "duplicated", "reordered", "stray", "over", "unserialized" }.Sum(Field);
            return new Summary(Field("messages"), Field("echoed"), Field("unsent"), Field("doubt"), breaches, Field("aborts"));
        }

        [GeneratedRegex(@"^(?<messages>\d+) messages: (?<echoed>\d+) echoed, (?<unsent>\d+) reported unsent, (?<doubt>\d+) in doubt, (?<both>\d+) both, (?<neither>\d+) neither, (?<duplicated>\d+) duplicated, (?<reordered>\d+) reordered, (?<stray>\d+) stray, (?<over>\d+) over-reported, (?<unserialized>\d+) unserialized, (?<aborts>\d+) aborts in \d+\.\d s$")]
        private static partial Regex Line();
    }
}
