using System.Reactive;
using System.Reactive.Concurrency;
using System.Reactive.Linq;
using System.Text.RegularExpressions;
using RxWebSocketStream.Testing;

namespace RxWebSocketStream.Testing.Scenarios;

/// <summary>
/// Runs a scenario file against a <see cref="WebSocketConnection"/> over a <see cref="VirtualPeer"/>, in
/// virtual time. Every expected timeline becomes one named marble expectation, so a failure names the
/// file and line of the timeline that differed.
/// </summary>
internal static partial class ScenarioRunner
{
    private static readonly string[] Known = ["peer", "app", "wire", "opened", "closed", "sends", "reads"];

    /// <summary>The timelines of a single connection that a reconnecting session does not have.</summary>
    private static readonly string[] SingleConnectionOnly = ["opened", "closed", "reads"];

    public static void Run(ScenarioFile file, VirtualTimeScheduler<long, long> scheduler)
    {
        var setup = ScenarioSetup.From(file);
        var reconnecting = setup.Reconnect is not null;
        CheckTimelineNames(file, reconnecting);

        var marbles = new MarbleTest(scheduler);
        var run = new ScenarioRun(marbles, setup);

        // In a reconnecting scenario `peer` and `wire` are those of attempt 1; `peer N`, `wire N` those of attempt N.
        foreach (var (name, peer) in file.Timelines.Where(t => PeerLine().IsMatch(t.Key)))
        {
            run.PeerOf(AttemptOf(name)).Script(peer.Text, Values(file, name, peer, Vocabulary.Peer));
        }

        if (file.Timelines.TryGetValue("app", out var app))
        {
            foreach (var step in MarbleDiagram.Parse(app.Text, Values(file, "app", app, Vocabulary.App)))
            {
                if (step.Value.Kind != NotificationKind.OnNext)
                {
                    throw new ScenarioFormatException($"{file.Where(app.Line)}: the app line has actions only; '|' and '#' mean nothing there.");
                }

                var action = step.Value.Value;
                marbles.Scheduler.ScheduleAbsolute(step.Time, () => action(run));
            }
        }

        // The session starts when its messages are first subscribed to: its states and wires must already listen.
        if (run.Session is { } session)
        {
            Expect(file, marbles, "states", session.States.Select(Vocabulary.Describe), Vocabulary.State);
        }

        foreach (var (name, timeline) in file.Timelines.Where(t => WireLine().IsMatch(t.Key)))
        {
            Expect(file, marbles, name, timeline, run.PeerOf(AttemptOf(name)).Received, Vocabulary.Wire, subscription: null);
        }

        foreach (var (name, timeline) in file.Timelines.Where(t => t.Key.StartsWith("messages ", StringComparison.Ordinal)))
        {
            var number = int.Parse(name["messages ".Length..], System.Globalization.CultureInfo.InvariantCulture);
            var subscription = file.Timelines.TryGetValue($"sub {number}", out var sub) ? sub.Text : null;
            var source = setup.ThrowingSubscribers.TryGetValue(number, out var thrown) ? Throwing(run.Messages, thrown) : run.Messages;
            Expect(file, marbles, name, timeline, source, Vocabulary.Message, subscription);
        }

        foreach (var (name, timeline) in file.Timelines.Where(t => t.Key.StartsWith("topic ", StringComparison.Ordinal)))
        {
            Expect(file, marbles, name, timeline, run.Topic(name["topic ".Length..]), Vocabulary.Message, subscription: null);
        }

        Expect(file, marbles, "sends", run.Sends, Vocabulary.SendOutcome);
        if (run.Session is { } started)
        {
            // Like WebSocketConnection.Connect, the session connects at frame 0 even if nobody subscribes.
            marbles.Scheduler.ScheduleAbsolute(0, started.Start);
        }
        else
        {
            Expect(file, marbles, "opened", ScenarioRun.Observe(run.Connection.Opened), Vocabulary.Opened);
            Expect(file, marbles, "closed", ScenarioRun.Observe(run.Connection.Closed), Vocabulary.Closed);
            Expect(file, marbles, "reads", run.Reads, Vocabulary.Message);
        }

        try
        {
            marbles.Run();
        }
        catch (MarbleAssertionException e)
        {
            throw new ScenarioFailedException($"{file.Path}: {file.Rule}\n\n{e.Message}");
        }
    }

    private static void Expect<T>(ScenarioFile file, MarbleTest marbles, string name, IObservable<T> source, Func<Words, T> meaning)
    {
        if (file.Timelines.TryGetValue(name, out var timeline))
        {
            Expect(file, marbles, name, timeline, source, meaning, subscription: null);
        }
    }

    private static void Expect<T>(ScenarioFile file, MarbleTest marbles, string name, Located timeline, IObservable<T> source, Func<Words, T> meaning, string? subscription)
    {
        var values = Values(file, name, timeline, meaning);
        var (_, matches) = ErrorFor(file, name, timeline);
        marbles.ExpectObservable(source, subscription, $"{file.Where(timeline.Line)} {name}").ToBe(timeline.Text, values, matches);
    }

    /// <summary>The meaning of every value character the timeline uses, read with that timeline's vocabulary.</summary>
    private static Dictionary<char, T> Values<T>(ScenarioFile file, string name, Located timeline, Func<Words, T> meaning)
    {
        var values = new Dictionary<char, T>();
        foreach (var c in ValueCharacters(timeline.Text))
        {
            if (!file.Legend.TryGetValue(c, out var entry))
            {
                throw new ScenarioFormatException($"{file.Where(timeline.Line)}: '{c}' on the {name} line has no legend entry ('{c} = ...').");
            }

            try
            {
                var words = new Words(entry.Text);
                values[c] = meaning(words);
                words.End();
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                throw new ScenarioFormatException($"{file.Where(entry.Line)}: '{c}' is used on the {name} line (line {timeline.Line}), but {e.Message}");
            }
        }

        return values;
    }

    private static (string Description, Func<Exception, bool> Matches) ErrorFor(ScenarioFile file, string name, Located timeline)
    {
        if (!file.Errors.TryGetValue(name, out var entry) && !file.Errors.TryGetValue("", out entry))
        {
            return timeline.Text.Contains('#', StringComparison.Ordinal)
                ? throw new ScenarioFormatException($"{file.Where(timeline.Line)}: the {name} line has '#' but no 'error = ...' or '{name} error = ...' says which error.")
                : ("no error", _ => false);
        }

        try
        {
            var words = new Words(entry.Text);
            var error = Vocabulary.Error(words);
            words.End();
            return error;
        }
        catch (FormatException e)
        {
            throw new ScenarioFormatException($"{file.Where(entry.Line)}: {e.Message}");
        }
    }

    private static void CheckTimelineNames(ScenarioFile file, bool reconnecting)
    {
        foreach (var (name, timeline) in file.Timelines)
        {
            var known = Known.Contains(name) || SubscriberLine().IsMatch(name) || TopicLine().IsMatch(name)
                || (reconnecting && (name == "states" || PeerLine().IsMatch(name) || WireLine().IsMatch(name)));
            if (!known)
            {
                var more = reconnecting ? ", states, peer N or wire N" : " or reads (with given: reconnect, also states, peer N and wire N)";
                throw new ScenarioFormatException($"{file.Where(timeline.Line)}: '{name}' is not a timeline; use peer, app, sub N, messages N, topic NAME, wire, opened, closed, sends{more}.");
            }

            if (reconnecting && SingleConnectionOnly.Contains(name))
            {
                throw new ScenarioFormatException($"{file.Where(timeline.Line)}: '{name}' is a single connection's; a reconnecting session draws states instead.");
            }

            if (name.StartsWith("sub ", StringComparison.Ordinal) && !file.Timelines.ContainsKey($"messages {name[4..]}"))
            {
                throw new ScenarioFormatException($"{file.Where(timeline.Line)}: '{name}' subscribes, so 'messages {name[4..]}' must say what it receives.");
            }
        }

        if (reconnecting && file.Timelines.ContainsKey("peer") && file.Timelines.ContainsKey("peer 1"))
        {
            throw new ScenarioFormatException($"{file.Where(file.Timelines["peer 1"].Line)}: 'peer' and 'peer 1' are the same peer; draw it once.");
        }

        if (reconnecting && file.Timelines.ContainsKey("wire") && file.Timelines.ContainsKey("wire 1"))
        {
            throw new ScenarioFormatException($"{file.Where(file.Timelines["wire 1"].Line)}: 'wire' and 'wire 1' are the same wire; draw it once.");
        }
    }

    /// <summary><c>peer</c> and <c>wire</c> are attempt 1; <c>peer N</c> and <c>wire N</c> attempt N.</summary>
    private static int AttemptOf(string name) =>
        name.IndexOf(' ', StringComparison.Ordinal) is > 0 and var space
            ? int.Parse(name[(space + 1)..], System.Globalization.CultureInfo.InvariantCulture)
            : 1;

    /// <summary>Subscriber <paramref name="thrown"/>: records each message, then throws from its OnNext.</summary>
    private static IObservable<Message> Throwing(IObservable<Message> messages, string thrown) =>
        Observable.Create<Message>(observer => messages.Subscribe(Observer.Create<Message>(
            m =>
            {
                observer.OnNext(m);
                throw new InvalidOperationException(thrown);
            },
            observer.OnError,
            observer.OnCompleted)));

    private static IEnumerable<char> ValueCharacters(string diagram) =>
        TimeProgression().Replace(diagram, " ").Where(c => c is not ('-' or '|' or '#' or '^' or '!' or '(' or ')' or ' ')).Distinct();

    [GeneratedRegex(@"(?<=^|\s)\d+(\.\d+)?(ms|s|m)(?=\s|$)")]
    private static partial Regex TimeProgression();

    [GeneratedRegex(@"^(sub|messages) \d+$")]
    private static partial Regex SubscriberLine();

    [GeneratedRegex(@"^peer( [1-9][0-9]*)?$")]
    private static partial Regex PeerLine();

    [GeneratedRegex(@"^wire( [1-9][0-9]*)?$")]
    private static partial Regex WireLine();

    [GeneratedRegex(@"^topic [a-z0-9-]+$")]
    private static partial Regex TopicLine();
}
