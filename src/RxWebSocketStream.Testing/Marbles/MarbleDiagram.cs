using System.Reactive;
using RxWebSocketStream.Testing.Marbles;

namespace RxWebSocketStream.Testing;

/// <summary>
/// Parses marble diagrams into recorded notifications and subscriptions, and renders recordings back
/// into diagrams. The grammar is RxJS 7's run mode, with its silent misreadings turned into
/// <see cref="MarbleSyntaxException"/>s:
/// <list type="table">
/// <item><term><c>-</c></term><description>one frame (1 ms of virtual time, <see cref="TicksPerFrame"/> ticks) passes.</description></item>
/// <item><term><c>a</c></term><description>any other character: a value, looked up in the values map (for <see cref="char"/> and <see cref="string"/> elements, the character itself when no map is given). One frame.</description></item>
/// <item><term><c>|</c></term><description>completion. One frame.</description></item>
/// <item><term><c>#</c></term><description>error. One frame.</description></item>
/// <item><term><c>(ab)</c></term><description>the events inside happen in the frame of <c>(</c>; the group is as wide in frames as in characters, so the next frame is the one after <c>)</c>.</description></item>
/// <item><term><c>^</c></term><description>frame zero of a hot observable (earlier frames are negative); in a subscription diagram, the subscription.</description></item>
/// <item><term><c>!</c></term><description>the unsubscription, in a subscription diagram only.</description></item>
/// <item><term><c>10ms</c>, <c>1.5s</c>, <c>2m</c></term><description>time progression: at the start or after a space, followed by a space or the end; a whole number of frames.</description></item>
/// <item><term>space</term><description>ignored, for alignment.</description></item>
/// </list>
/// Times in the results are virtual ticks, as used by <see cref="TestScheduler"/>.
/// </summary>
public static class MarbleDiagram
{
    /// <summary>The length of one frame in virtual ticks: one millisecond, so <see cref="TimeSpan"/>-based operators line up with the dashes.</summary>
    public const long TicksPerFrame = TimeSpan.TicksPerMillisecond;

    /// <summary>The message of the <see cref="Exception"/> that <c>#</c> stands for when no error is given.</summary>
    public const string DefaultErrorMessage = "error";

    /// <summary>
    /// Parses a hot observable diagram: an optional <c>^</c> marks frame zero, and events before it
    /// get negative times. Without <c>^</c>, the first character is frame zero.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="diagram">The diagram, for example <c>"-a-^-b--|"</c>.</param>
    /// <param name="values">The value of each value character; optional for <see cref="char"/> and <see cref="string"/> elements.</param>
    /// <param name="error">The exception <c>#</c> stands for; by default an <see cref="Exception"/> with the message <see cref="DefaultErrorMessage"/>.</param>
    /// <returns>The notifications with their times in ticks, in diagram order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="diagram"/> is <see langword="null"/>.</exception>
    /// <exception cref="MarbleSyntaxException">The diagram is malformed, or a value character has no value.</exception>
    public static IReadOnlyList<Recorded<Notification<T>>> Parse<T>(string diagram, IReadOnlyDictionary<char, T>? values = null, Exception? error = null)
    {
        ArgumentNullException.ThrowIfNull(diagram);
        return ToNotifications(diagram, MarbleReader.Read(diagram, MarbleDiagramKind.Hot), values, error);
    }

    /// <summary>
    /// Parses a cold observable diagram, or an expected sequence: times count from the first character,
    /// and <c>^</c> is not allowed.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="diagram">The diagram, for example <c>"-a--b|"</c>.</param>
    /// <param name="values">The value of each value character; optional for <see cref="char"/> and <see cref="string"/> elements.</param>
    /// <param name="error">The exception <c>#</c> stands for; by default an <see cref="Exception"/> with the message <see cref="DefaultErrorMessage"/>.</param>
    /// <returns>The notifications with their times in ticks, in diagram order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="diagram"/> is <see langword="null"/>.</exception>
    /// <exception cref="MarbleSyntaxException">The diagram is malformed, has a <c>^</c>, or a value character has no value.</exception>
    public static IReadOnlyList<Recorded<Notification<T>>> ParseCold<T>(string diagram, IReadOnlyDictionary<char, T>? values = null, Exception? error = null)
    {
        ArgumentNullException.ThrowIfNull(diagram);
        return ToNotifications(diagram, MarbleReader.Read(diagram, MarbleDiagramKind.Cold), values, error);
    }

    /// <summary>
    /// Parses a subscription diagram: <c>^</c> where the subscription starts, and an optional <c>!</c>
    /// where it ends (<c>(^!)</c> for both in one frame). Frame zero is the first character.
    /// </summary>
    /// <param name="diagram">The diagram, for example <c>"--^---!"</c>.</param>
    /// <returns>The subscription, in ticks; <see cref="Subscription.Infinite"/> as the end when there is no <c>!</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="diagram"/> is <see langword="null"/>.</exception>
    /// <exception cref="MarbleSyntaxException">The diagram is malformed, has no <c>^</c>, or holds anything but <c>^ ! - ( )</c>, spaces and time progressions.</exception>
    public static Subscription ParseSubscription(string diagram)
    {
        ArgumentNullException.ThrowIfNull(diagram);
        var symbols = MarbleReader.Read(diagram, MarbleDiagramKind.Subscription);
        var subscribe = symbols.Single(s => s.Symbol == '^').Frame * TicksPerFrame;
        var end = symbols.Where(s => s.Symbol == '!').Select(s => (long?)s.Frame * TicksPerFrame).SingleOrDefault();
        return end is { } unsubscribe ? new Subscription(subscribe, unsubscribe) : new Subscription(subscribe);
    }

    /// <summary>
    /// Draws recorded notifications as a diagram that parses back to the same recording whenever the
    /// grammar can express it. Long quiet stretches become time progressions; values are drawn with their
    /// character in <paramref name="values"/>, as themselves for single characters, or with a fresh letter
    /// explained in <see cref="MarbleRendering.Legend"/>. Events before time zero put a <c>^</c> at frame zero.
    /// </summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="events">The notifications with their times in ticks.</param>
    /// <param name="values">The characters to draw values with, as given to <see cref="Parse{T}"/>.</param>
    /// <returns>The diagram, its legend, and whether it is exact.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="events"/> is <see langword="null"/>.</exception>
    public static MarbleRendering Render<T>(IEnumerable<Recorded<Notification<T>>> events, IReadOnlyDictionary<char, T>? values = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        var symbols = new MarbleSymbolTable<T>(values);
        var line = MarbleLine.FromEvents(events.ToList(), symbols);
        var timeline = new MarbleTimeline([line]);
        return new MarbleRendering(timeline.Draw(0), symbols.Legend, line.IsExact);
    }

    /// <summary>Draws a subscription as a subscription diagram, for example <c>--^---!</c>.</summary>
    /// <param name="subscription">The subscription, in ticks.</param>
    /// <returns>The diagram.</returns>
    public static string RenderSubscription(Subscription subscription) =>
        new MarbleTimeline([MarbleLine.FromSubscription(subscription)]).Draw(0);

    private static List<Recorded<Notification<T>>> ToNotifications<T>(string diagram, List<MarbleSymbol> symbols, IReadOnlyDictionary<char, T>? values, Exception? error)
    {
        var zero = symbols.Where(s => s.Symbol == '^').Select(s => s.Frame).FirstOrDefault();
        var result = new List<Recorded<Notification<T>>>(symbols.Count);
        foreach (var symbol in symbols)
        {
            var notification = symbol.Symbol switch
            {
                '^' => null,
                '|' => Notification.CreateOnCompleted<T>(),
                '#' => Notification.CreateOnError<T>(error ?? new Exception(DefaultErrorMessage)),
                _ => Notification.CreateOnNext(MarbleValues.Resolve(diagram, symbol, values)),
            };
            if (notification is not null)
            {
                result.Add(new((symbol.Frame - zero) * TicksPerFrame, notification));
            }
        }

        return result;
    }
}
