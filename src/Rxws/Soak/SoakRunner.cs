using System.Diagnostics;
using System.Globalization;
using RxWebSocketStream;

namespace Rxws.Soak;

/// <summary>
/// One run of <c>rxws soak</c>: starts the embedded echo server unless given a URL, runs one lane per
/// connection until every message is sent and settled, then tallies the ledger, prints the first breaches
/// and the summary line, and returns 0 only when every invariant held.
/// </summary>
internal static class SoakRunner
{
    /// <summary>The exit code of a run in which an invariant broke (the same 1 as a failed connection).</summary>
    private const int Breached = 1;

    public static async Task<int> RunAsync(SoakSettings settings, TextWriter output, TextWriter error, CancellationToken shutdown)
    {
        var ledger = new SoakLedger(settings.Messages);
        var plan = new AbortPlan(settings.Messages, settings.AbortEvery, settings.Seed);
        await using var server = settings.Url is null
            ? await SoakServer.StartAsync(settings.AbortBy == AbortSide.Server ? plan : null, shutdown).ConfigureAwait(false)
            : null;
        var url = settings.Url ?? server!.Url;
        await output.WriteLineAsync(Describe(settings, url, plan)).ConfigureAwait(false);

        // Elapsed time for the report only; nothing is scheduled on it.
        var clock = Stopwatch.StartNew();
        using (shutdown.Register(ledger.Stop))
        {
            try
            {
                await Task.WhenAll(Enumerable.Range(0, settings.Connections).Select(lane => new SoakLane(lane, settings, url, ledger, plan).RunAsync(shutdown))).ConfigureAwait(false);
            }
            catch (WebSocketConnectionException e) when (e.CloseCode is null)
            {
                // A handshake failed: the server is gone, refuses, or is not a WebSocket server.
                await error.WriteLineAsync($"rxws soak: {e.Message.ReplaceLineEndings(" ")}").ConfigureAwait(false);
                return ExitCodes.ConnectionFailed;
            }
        }

        var elapsed = clock.Elapsed;
        var findings = new List<string>();
        var tally = ledger.Tally(findings);
        foreach (var finding in findings)
        {
            await output.WriteLineAsync($"breach: {finding}").ConfigureAwait(false);
        }

        await output.WriteLineAsync(tally.DescribeUnsent()).ConfigureAwait(false);
        var stopped = ledger.Stopped ? " (interrupted)" : string.Empty;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{tally} in {elapsed.TotalSeconds:0.0} s{stopped}")).ConfigureAwait(false);
        return tally.Holds ? ExitCodes.Success : Breached;
    }

    private static string Describe(SoakSettings settings, Uri url, AbortPlan plan)
    {
        var server = settings.Url is null ? " (embedded echo server)" : string.Empty;
        var aborts = settings.AbortEvery == 0
            ? "no aborts"
            : FormattableString.Invariant($"the {(settings.AbortBy == AbortSide.Server ? "server" : "client")} breaks a connection every ~{settings.AbortEvery} messages ({plan.Count} points)");
        return string.Create(
            CultureInfo.InvariantCulture,
            $"soak: {settings.Messages} messages over {settings.Connections} connections to {url}{server}; {aborts}; seed {settings.Seed}; {settings.Size}-byte messages; window {settings.Window}");
    }
}
