using System.Globalization;
using System.Text;
using RxWebSocketStream.Testing;
using RxWebSocketStream.Tests.Server;
using Xunit.Abstractions;

namespace RxWebSocketStream.Tests.Hostile;

/// <summary>
/// docs/behaviour.md, "Closing" (validation first), as a property: for random close codes and reasons drawn from all of UTF-16, what
/// <see cref="WebSocketConnection.Close(WebSocketCloseInfo?)"/> does agrees with an independent oracle of the
/// browser's rules (<see cref="CloseRulesOracle"/>), on accept or reject and on the exception type.
/// Validation happens in <c>Close</c>, not in the <see cref="WebSocketCloseInfo"/> constructor (which also
/// carries codes the peer sent), so the tests call <c>Close</c>, where users meet the rule.
/// </summary>
public sealed class CloseInfoPropertyTests(ITestOutputHelper output)
{
    private const int Seed = 20_250_606;

    [Fact]
    public void Close_100000RandomCodesAndReasons_AgreesWithTheBrowserRules()
    {
        const int cases = 100_000;
        var generator = new CloseInfoGenerator(new Random(Seed));

        // Validation runs first, whatever the state (docs/behaviour.md, "Closing"), so a connection that never opened is a
        // valid target, and accepted calls cost nothing there.
        var target = WebSocketConnection.Connect(new Uri("ws://127.0.0.1:9/"), new() { Cancellation = new CancellationToken(canceled: true) });
        var verdicts = new Dictionary<CloseVerdict, int>();
        var nearTheLimit = 0;
        var withLoneSurrogates = 0;
        var disagreements = new List<string>();

        for (var i = 0; i < cases; i++)
        {
            var (code, reason) = generator.Next();
            var expected = CloseRulesOracle.Judge(code, reason);
            var actual = Attempt(() => target.Close(new WebSocketCloseInfo(code, reason)));
            if (actual != expected.ToString() && disagreements.Count < 20)
            {
                disagreements.Add($"case {i}: code {code?.ToString() ?? "null"}, reason {Describe(reason)}: oracle {expected}, library {actual}");
            }

            // The non-throwing door must give the same verdict (its problem names the code when the code is bad).
            var tried = WebSocketCloseInfo.TryValidate(code, reason, out var problem) ? CloseVerdict.Accepted
                : problem.StartsWith("The close code", StringComparison.Ordinal) ? CloseVerdict.CodeRejected
                : CloseVerdict.ReasonRejected;
            if (tried != expected && disagreements.Count < 20)
            {
                disagreements.Add($"case {i}: code {code?.ToString() ?? "null"}, reason {Describe(reason)}: oracle {expected}, TryValidate {tried}");
            }

            verdicts[expected] = verdicts.GetValueOrDefault(expected) + 1;
            var bytes = CloseRulesOracle.Utf8Length(reason ?? "");
            nearTheLimit += bytes is >= 120 and <= 126 ? 1 : 0;
            withLoneSurrogates += HasLoneSurrogate(reason) ? 1 : 0;
        }

        output.WriteLine($"seed {Seed}, {cases} cases: {string.Join(", ", verdicts.Select(v => $"{v.Key} {v.Value}"))}; {nearTheLimit} reasons of 120-126 bytes, {withLoneSurrogates} with lone surrogates");
        Assert.True(disagreements.Count == 0, $"The library disagrees with the browser's rules (seed {Seed}):\n{string.Join("\n", disagreements)}");

        // The sample must really cover the space, or agreement proves little.
        Assert.All(Enum.GetValues<CloseVerdict>(), v => Assert.True(verdicts.GetValueOrDefault(v) > cases / 10, $"only {verdicts.GetValueOrDefault(v)} cases were {v}"));
        Assert.True(nearTheLimit > cases / 20, $"only {nearTheLimit} reasons landed near the 123-byte limit");
        Assert.True(withLoneSurrogates > cases / 10, $"only {withLoneSurrogates} reasons had lone surrogates");
    }

    /// <summary>
    /// The same rules where they matter most, on an open connection: an accepted call puts exactly the
    /// oracle's close body on the wire (lone surrogates as U+FFFD), a rejected one writes nothing and leaves
    /// the connection open and closable.
    /// </summary>
    [Fact]
    public void Close_RandomCodesAndReasonsOnAnOpenConnection_SendTheOracleBodyOrChangeNothing()
    {
        const int cases = 2_000;
        var generator = new CloseInfoGenerator(new Random(Seed + 1));
        var problems = new List<string>();
        var accepted = 0;

        for (var i = 0; i < cases && problems.Count < 20; i++)
        {
            var (code, reason) = generator.Next();
            var problem = WithoutSynchronizationContext.Run(() => CloseOpenConnection(code, reason, ref accepted));
            if (problem is not null)
            {
                problems.Add($"case {i}: code {code?.ToString() ?? "null"}, reason {Describe(reason)}: {problem}");
            }
        }

        output.WriteLine($"seed {Seed + 1}, {cases} open connections, {accepted} closes accepted");
        Assert.True(problems.Count == 0, $"seed {Seed + 1}:\n{string.Join("\n", problems)}");
        Assert.True(accepted > cases / 10 && accepted < cases * 9 / 10, $"{accepted} of {cases} accepted: the sample is lopsided");
    }

    private static string? CloseOpenConnection(int? code, string? reason, ref int accepted)
    {
        using var client = InMemoryClient.Open(new() { Scheduler = new TestScheduler() });
        var ws = client.Connection;
        var expected = CloseRulesOracle.Judge(code, reason);
        var actual = Attempt(() => ws.Close(new WebSocketCloseInfo(code, reason)));
        if (actual != expected.ToString())
        {
            return $"oracle {expected}, library {actual}";
        }

        var frames = client.TakeClientFrames();
        if (expected != CloseVerdict.Accepted)
        {
            // An invalid call changes nothing: no frame, still open, and a valid close still goes out.
            if (frames.Count != 0 || ws.Closed.IsCompleted)
            {
                return $"rejected, yet the client wrote {string.Join(", ", frames)} and Closed is {ws.Closed.Status}";
            }

            ws.Close(new WebSocketCloseInfo(4000, "after"));
            var after = client.TakeClientFrames();
            return after is [{ Opcode: Opcode.Close, CloseCode: 4000, CloseReason: "after" }] ? null : $"the valid close after a rejected one wrote {string.Join(", ", after)}";
        }

        accepted++;
        var body = CloseRulesOracle.WireBody(code, reason);

        // docs/behaviour.md, "Where we differ": the BCL cannot send an empty close body, so no code and no
        // reason goes out as 1000 with an empty reason.
        var expectedBody = body.Length == 0 ? [0x03, 0xE8] : body;
        return frames is [{ Opcode: Opcode.Close, Fin: true, Masked: true } frame] && frame.Payload.AsSpan().SequenceEqual(expectedBody)
            ? null
            : $"expected one close frame [{Convert.ToHexString(expectedBody)}], the client wrote {string.Join(", ", frames)}";
    }

    /// <summary>The verdict the library gave, or a description of an exception no rule allows.</summary>
    private static string Attempt(Action close)
    {
        try
        {
            close();
            return nameof(CloseVerdict.Accepted);
        }
        catch (ArgumentOutOfRangeException e) when (e.ParamName == "closeInfo")
        {
            return nameof(CloseVerdict.CodeRejected);
        }
        catch (ArgumentException e) when (e.GetType() == typeof(ArgumentException) && e.ParamName == "closeInfo")
        {
            return nameof(CloseVerdict.ReasonRejected);
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name} (parameter {(e as ArgumentException)?.ParamName ?? "none"}): {e.Message}";
        }
    }

    private static bool HasLoneSurrogate(string? text)
    {
        for (var i = 0; i < text?.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    private static string Describe(string? reason) => reason is null
        ? "null"
        : $"of {reason.Length} chars, {CloseRulesOracle.Utf8Length(reason)} bytes by the oracle, {Encoding.UTF8.GetByteCount(reason)} by Encoding.UTF8 (UTF-16 {string.Concat(reason.Select(c => ((int)c).ToString("X4", CultureInfo.InvariantCulture)))})";
}
