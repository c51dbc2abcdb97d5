namespace Rxws.Soak;

internal sealed partial class SoakLedger
{
    private const int MaxFindings = 10;

    /// <summary>
    /// Sorts every message into its bucket, connection by connection, once every lane has finished (nothing
    /// is written any more). <paramref name="findings"/> gets a line for each of the first breaches.
    /// </summary>
    public SoakTally Tally(List<string> findings)
    {
        var counts = new Counts();
        var seen = 0;
        foreach (var session in _sessions)
        {
            seen += session.Sent.Count;
            TallySession(session, ref counts, findings);
        }

        // A message no lane ever sent is in no bucket of its own: it was lost by the tool itself. After a
        // stop (SIGINT), the run covers what was sent.
        var messages = _stopped ? seen : Messages;
        counts.Neither += messages - seen;
        if (messages > seen)
        {
            Report(findings, $"{messages - seen} messages were never sent");
        }

        return new SoakTally(
            messages,
            counts.Echoed,
            counts.Unsent,
            counts.InDoubt,
            counts.Both,
            counts.Neither,
            counts.Duplicated + _handedTwice,
            counts.Reordered,
            counts.Stray,
            counts.Counted,
            counts.Faulted,
            counts.Refused,
            counts.OverReported,
            counts.Unserialized,
            _sessions.Count(static s => !s.Clean),
            _sessions.Count);
    }

    private void TallySession(SoakSession session, ref Counts counts, List<string> findings)
    {
        counts.Reordered += session.ReorderedEchoes;
        counts.Stray += session.StrayEchoes;
        counts.Unserialized += session.UnserializedCalls;
        if (session.ReorderedEchoes + session.StrayEchoes + session.UnserializedCalls > 0)
        {
            Report(findings, $"connection {session.Id}: {session.ReorderedEchoes} echoes out of order, {session.StrayEchoes} stray echoes, {session.UnserializedCalls} unserialized subscriber calls");
        }

        // The library counts the sink messages it never wrote, not which ones. It writes in call order and
        // fails everything behind the first message it cannot write, so they are the last ones the sink
        // accepted; the order check below catches a library that breaks that.
        var sinkAccepted = session.Sent.Count(s => _route[s] == Route.Sink);
        var unsentSink = session.UnsentReported;
        if (!session.Ended)
        {
            Report(findings, $"connection {session.Id} (lane {session.Lane}) never recorded its end");
        }

        if (unsentSink > sinkAccepted)
        {
            counts.Stray += unsentSink - sinkAccepted;
            Report(findings, $"connection {session.Id}: UnsentMessageCount {unsentSink}, but only {sinkAccepted} sink messages were accepted");
            unsentSink = sinkAccepted;
        }

        var firstUnsentSink = sinkAccepted - unsentSink;
        var sinkIndex = 0;
        var reportedBefore = -1;
        foreach (var sequence in session.Sent)
        {
            var route = _route[sequence];
            var reported = route switch
            {
                Route.SinkRefused or Route.SendAsyncFaulted => true,
                Route.Sink => sinkIndex++ >= firstUnsentSink,
                _ => false,
            };
            var echoes = _echoes[sequence];
            var written = _wire[sequence] == Wire.Written;

            if (echoes > 1)
            {
                counts.Duplicated++;
                Report(findings, $"message {sequence} (connection {session.Id}) was echoed {echoes} times");
            }

            if (reportedBefore >= 0 && !reported && (echoes > 0 || written))
            {
                counts.Reordered++;
                Report(findings, $"message {sequence} (connection {session.Id}) was {(echoes > 0 ? "echoed" : "written")} after message {reportedBefore}, which was reported unsent");
            }

            if (reported && reportedBefore < 0)
            {
                reportedBefore = sequence;
            }

            if (echoes > 0 && reported)
            {
                counts.Both++;
                Report(findings, $"message {sequence} (connection {session.Id}, {route}) was echoed and reported unsent");
            }
            else if (echoes > 0)
            {
                counts.Echoed++;
            }
            else if (reported)
            {
                counts.Unsent++;
                _ = route switch
                {
                    Route.SinkRefused => counts.Refused++,
                    Route.SendAsyncFaulted => counts.Faulted++,
                    _ => counts.Counted++,
                };
                if (written)
                {
                    counts.OverReported++;
                    Report(findings, $"message {sequence} (connection {session.Id}, {route}) was reported unsent, but the socket had taken it");
                }
            }
            else if (written && sequence > session.LastEcho)
            {
                counts.InDoubt++;
            }
            else
            {
                counts.Neither++;
                Report(findings, $"message {sequence} (connection {session.Id}, {route}, socket: {_wire[sequence]}) was neither echoed nor reported unsent; last echo on the connection: {session.LastEcho}");
            }
        }
    }

    private static void Report(List<string> findings, FormattableString finding)
    {
        if (findings.Count < MaxFindings)
        {
            findings.Add(FormattableString.Invariant(finding));
        }
    }

    private struct Counts
    {
        public int Echoed;
        public int Unsent;
        public int InDoubt;
        public int Both;
        public int Neither;
        public int Duplicated;
        public int Reordered;
        public int Stray;
        public int Counted;
        public int Faulted;
        public int Refused;
        public int OverReported;
        public int Unserialized;
    }
}
