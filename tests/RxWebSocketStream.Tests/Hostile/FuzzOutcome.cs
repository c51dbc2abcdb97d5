namespace RxWebSocketStream.Tests.Hostile;

/// <summary>How one fuzz case ended, and every invariant it broke.</summary>
/// <param name="Clean">Whether <c>Closed</c> completed (true) or faulted (false); null if it never ended.</param>
/// <param name="ReportedCode">The code of the close info or of the error.</param>
/// <param name="ClientCloseCode">The code of the close frame the client wrote, if it wrote one.</param>
/// <param name="Messages">What subscribers got.</param>
/// <param name="Broken">The invariants broken; empty when the case passed them all.</param>
internal sealed record FuzzOutcome(bool? Clean, int? ReportedCode, int? ClientCloseCode, IReadOnlyList<Message> Messages, IReadOnlyList<string> Broken)
{
    /// <summary>A short name for the distribution table, e.g. "error 1006, client sent 1002".</summary>
    public string Label => $"{Clean switch { true => "clean", false => "error", null => "never ended" }} {ReportedCode?.ToString() ?? "-"}, client sent {ClientCloseCode?.ToString() ?? "no close"}";

    /// <summary>
    /// <see cref="Label"/> with the codes a peer chose (its own close codes, echoed back) folded into
    /// "peer's", so that the distribution table stays short.
    /// </summary>
    public string Summary => $"{Clean switch { true => "clean", false => "error", null => "never ended" }} {Name(ReportedCode)}, client sent {(ClientCloseCode is null ? "no close" : Name(ClientCloseCode))}";

    private static string Name(int? code) => code switch
    {
        null => "-",
        1000 or 1002 or 1006 or 1007 or 1009 => code.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => "peer's code",
    };

    /// <summary>What a case expected and this outcome did not give, or nothing.</summary>
    public IEnumerable<string> Mismatches(FuzzExpectation expected)
    {
        if (expected.Clean is { } clean && Clean != clean)
        {
            yield return $"expected a{(clean ? " clean end" : "n error")}, got: {Label}";
        }

        if (expected.ReportedCode is { } code && ReportedCode != code)
        {
            yield return $"expected code {code} reported, got: {Label}";
        }

        if (expected.ClientCloseCode is { } sent && ClientCloseCode != sent)
        {
            yield return $"expected the client to send close {sent}, got: {Label}";
        }

        if (expected.Messages is { } messages && !messages.SequenceEqual(Messages))
        {
            yield return $"expected {messages.Count} messages [{string.Join(", ", messages)}], subscribers got {Messages.Count} [{string.Join(", ", Messages)}]";
        }
    }
}
