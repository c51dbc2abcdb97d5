using System.Globalization;

namespace Rxws.Soak;

/// <summary>
/// The verdict of a run. Every message lands in exactly one of the first five buckets (echoed, reported
/// unsent, in doubt, both, neither); duplicated, reordered and stray count further breaches of the contract.
/// </summary>
/// <param name="Messages">Messages the run was asked to send.</param>
/// <param name="Echoed">Echoed exactly as sent, and not reported unsent.</param>
/// <param name="ReportedUnsent">Reported unsent by the library (faulted <c>SendAsync</c>, <c>DroppedMessageCount</c>, <c>UnsentMessageCount</c>) and not echoed.</param>
/// <param name="InDoubt">Handed to the socket after the connection's last echo, when the connection died: TCP gives no receipt.</param>
/// <param name="Both">Echoed, yet reported unsent.</param>
/// <param name="Neither">Not echoed, not reported unsent, and not in doubt: lost silently, or a gap before a later echo.</param>
/// <param name="Duplicated">Messages echoed more than once, or written to the socket more than once.</param>
/// <param name="Reordered">Echoes that came back below an earlier echo of their connection, and messages echoed or written after one the library reported unsent.</param>
/// <param name="Stray">Echoes of nothing sent on their connection, and unsent counts larger than the messages queued.</param>
/// <param name="Counted">Of <paramref name="ReportedUnsent"/>: sink messages covered by the connection's <c>UnsentMessageCount</c>.</param>
/// <param name="Faulted">Of <paramref name="ReportedUnsent"/>: <c>SendAsync</c> calls that faulted.</param>
/// <param name="Refused">Of <paramref name="ReportedUnsent"/>: sink messages counted in <c>DroppedMessageCount</c> during the call.</param>
/// <param name="OverReported">Reported unsent although the socket had taken them (a subset of <paramref name="ReportedUnsent"/>).</param>
/// <param name="Unserialized">Subscriber calls after the end was delivered or overlapping another call (Rx grammar).</param>
/// <param name="Aborts">Connections that ended uncleanly.</param>
/// <param name="Connections">Connections opened.</param>
internal sealed record SoakTally(
    int Messages,
    int Echoed,
    int ReportedUnsent,
    int InDoubt,
    int Both,
    int Neither,
    int Duplicated,
    int Reordered,
    int Stray,
    int Counted,
    int Faulted,
    int Refused,
    int OverReported,
    int Unserialized,
    int Aborts,
    int Connections)
{
    /// <summary>Whether every invariant holds: the run exits 0 only then.</summary>
    public bool Holds =>
        Both == 0 && Neither == 0 && Duplicated == 0 && Reordered == 0 && Stray == 0 && OverReported == 0 && Unserialized == 0
        && Echoed + ReportedUnsent + InDoubt == Messages;

    /// <summary>How the library reported the unsent messages: which of its reporting paths the run exercised.</summary>
    public string DescribeUnsent() => string.Create(
        CultureInfo.InvariantCulture,
        $"reported unsent: {Counted} counted in UnsentMessageCount, {Faulted} faulted SendAsync, {Refused} refused by the sink (DroppedMessageCount)");

    /// <summary>The one-line summary, for example <c>1000 messages: 990 echoed, 6 reported unsent, 4 in doubt, 0 both, ...</c>.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Messages} messages: {Echoed} echoed, {ReportedUnsent} reported unsent, {InDoubt} in doubt, {Both} both, {Neither} neither, {Duplicated} duplicated, {Reordered} reordered, {Stray} stray, {OverReported} over-reported, {Unserialized} unserialized, {Aborts} aborts");
}
