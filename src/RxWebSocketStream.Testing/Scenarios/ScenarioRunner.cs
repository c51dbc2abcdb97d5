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

    public static void Run(ScenarioFile file)
    {
        var setup = ScenarioSetup.From(file);
        CheckTimelineNames(file);

        var marbles = new MarbleTest();
        var run = new ScenarioRun(marbles, setup);

        if (file.Timelines.TryGetValue("peer", out var peer))
        {
            run.Peer.Script(peer.Text, Values(file, "peer", peer, Vocabulary.Peer));
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

        foreach (var (name, timeline) in file.Timelines.Where(t => t.Key.StartsWith("messages ", StringComparison.Ordinal)))
        {
            var number = int.Parse(name["messages ".Length..], System.Globalization.CultureInfo.InvariantCulture);
            var subscription = file.Timelines.TryGetValue($"sub {number}", out var sub) ? sub.Text : null;
            var source = setup.ThrowingSubscribers.TryGetValue(number, out var thrown) ? Throwing(run.Connection, thrown) : run.Connection;
            Expect(file, marbles, name, timeline, source, Vocabulary.Message, subscription);
        }

        foreach (var (name, timeline) in file.Timelines.Where(t => t.Key.StartsWith("topic ", StringComparison.Ordinal)))
        {
            Expect(file, marbles, name, timeline, run.Topic(name["topic ".Length..]), Vocabulary.Message, subscription: null);
        }

        Expect(file, marbles, "wire", run.Peer.Received, Vocabulary.Wire);
        Expect(file, marbles, "opened", ScenarioRun.Observe(run.Connection.Opened), Vocabulary.Opened);
        Expect(file, marbles, "closed", ScenarioRun.Observe(run.Connection.Closed), Vocabulary.Closed);
        Expect(file, marbles, "sends", run.Sends, Vocabulary.SendOutcome);
        Expect(file, marbles, "reads", run.Reads, Vocabulary.Message);

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

    private static void CheckTimelineNames(ScenarioFile file)
    {
        foreach (var (name, timeline) in file.Timelines)
        {
            var known = Known.Contains(name) || SubscriberLine().IsMatch(name) || TopicLine().IsMatch(name);
            if (!known)
            {
                throw new ScenarioFormatException($"{file.Where(timeline.Line)}: '{name}' is not a timeline; use peer, app, sub N, messages N, topic NAME, wire, opened, closed, sends or reads.");
            }

            if (name.StartsWith("sub ", StringComparison.Ordinal) && !file.Timelines.ContainsKey($"messages {name[4..]}"))
            {
                throw new ScenarioFormatException($"{file.Where(timeline.Line)}: '{name}' subscribes, so 'messages {name[4..]}' must say what it receives.");
            }
        }
    }

    /// <summary>Subscriber <paramref name="thrown"/>: records each message, then throws from its OnNext.</summary>
    private static IObservable<Message> Throwing(WebSocketConnection connection, string thrown) =>
        Observable.Create<Message>(observer => connection.Subscribe(Observer.Create<Message>(
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

    [GeneratedRegex(@"^topic [a-z0-9-]+$")]
    private static partial Regex TopicLine();
}
