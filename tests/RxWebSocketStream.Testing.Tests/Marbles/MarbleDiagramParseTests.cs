using System.Reactive;

namespace RxWebSocketStream.Testing.Tests.Marbles;

public sealed class MarbleDiagramParseTests
{
    private const long F = MarbleDiagram.TicksPerFrame;

    [Fact]
    public void TicksPerFrame_IsOneMillisecond() => Assert.Equal(10_000, MarbleDiagram.TicksPerFrame);

    [Fact]
    public void ParseCold_ValuesAndCompletion_OneFrameEach() => AssertEvents(
        MarbleDiagram.ParseCold<char>("-a--b|"),
        Next(1, 'a'), Next(4, 'b'), Done(5));

    [Fact]
    public void ParseCold_Group_EventsShareTheOpeningFrameAndTheGroupIsAsWideAsItIsWritten() => AssertEvents(
        MarbleDiagram.ParseCold<char>("--(abc)-|"),
        Next(2, 'a'), Next(2, 'b'), Next(2, 'c'), Done(8));

    [Fact]
    public void ParseCold_TimeProgression_AddsItsFramesWithoutTheSpaces() => AssertEvents(
        MarbleDiagram.ParseCold<char>("a 9ms b 9s c|"),
        Next(0, 'a'), Next(10, 'b'), Next(9_011, 'c'), Done(9_012));

    [Fact]
    public void Parse_Hot_CaretIsFrameZeroAndEarlierEventsAreNegative() => AssertEvents(
        MarbleDiagram.Parse<char>("-a-^-b--|"),
        Next(-2, 'a'), Next(2, 'b'), Done(5));

    [Fact]
    public void Parse_HotWithoutCaret_StartsAtTheFirstCharacter() => AssertEvents(
        MarbleDiagram.Parse<char>("a-|"),
        Next(0, 'a'), Done(2));

    [Fact]
    public void ParseCold_GroupWithCompletion_CompletesInTheGroupFrame() => AssertEvents(
        MarbleDiagram.ParseCold<char>("-----(a|)"),
        Next(5, 'a'), Done(5));

    [Fact]
    public void ParseCold_Dash_NeverEmits() => AssertEvents(MarbleDiagram.ParseCold<char>("-"));

    [Fact]
    public void ParseCold_EmptyAndBlank_NeverEmit()
    {
        AssertEvents(MarbleDiagram.ParseCold<char>(string.Empty));
        AssertEvents(MarbleDiagram.ParseCold<char>("   "));
    }

    [Fact]
    public void ParseCold_Pipe_CompletesAtFrameZero() => AssertEvents(MarbleDiagram.ParseCold<char>("|"), Done(0));

    [Fact]
    public void ParseCold_Hash_FailsAtFrameZeroWithTheDefaultError()
    {
        var events = MarbleDiagram.ParseCold<char>("#");

        var error = Assert.Single(events);
        Assert.Equal(0, error.Time);
        Assert.Equal(NotificationKind.OnError, error.Value.Kind);
        Assert.Equal(typeof(Exception), error.Value.Exception!.GetType());
        Assert.Equal(MarbleDiagram.DefaultErrorMessage, error.Value.Exception.Message);
    }

    [Fact]
    public void ParseCold_HashWithError_UsesThatException()
    {
        var boom = new InvalidOperationException("boom");

        var events = MarbleDiagram.ParseCold<char>("--#", error: boom);

        Assert.Same(boom, Assert.Single(events).Value.Exception);
        Assert.Equal(2 * F, events[0].Time);
    }

    [Fact]
    public void ParseCold_SpacesAreIgnored() => AssertEvents(
        MarbleDiagram.ParseCold<char>("  - a  -b | "),
        Next(1, 'a'), Next(3, 'b'), Done(4));

    [Fact]
    public void ParseCold_ValuesMap_LooksUpEachCharacter()
    {
        var values = new Dictionary<char, int> { ['a'] = 1, ['b'] = 20 };

        var events = MarbleDiagram.ParseCold("a-b|", values);

        Assert.Equal([OnNext(0, 1), OnNext(2 * F, 20), Notification.CreateOnCompleted<int>().At(3 * F)], events);
    }

    [Fact]
    public void ParseCold_StringElements_DefaultToTheCharacter() => Assert.Equal(
        [OnNext(0, "x"), OnNext(F, "y")],
        MarbleDiagram.ParseCold<string>("xy"));

    [Theory]
    [InlineData("10ms a", 10)]
    [InlineData("a 10ms", -1)]
    [InlineData("1.5s a", 1_500)]
    [InlineData("2m a", 120_000)]
    [InlineData("0.5s a", 500)]
    [InlineData("1ms 1ms a", 2)]
    [InlineData("-- 3ms a", 5)]
    public void ParseCold_TimeProgression_AtTheStartOrAfterASpace(string diagram, long frameOfA)
    {
        var events = MarbleDiagram.ParseCold<char>(diagram);

        if (frameOfA < 0)
        {
            Assert.Equal([OnNext(0, 'a')], events);
        }
        else
        {
            Assert.Equal([OnNext(frameOfA * F, 'a')], events);
        }
    }

    [Theory]
    [InlineData("12|")]
    [InlineData("  12|")]
    [InlineData("1 2|")]
    public void ParseCold_DigitsWithoutAUnit_AreValues(string diagram)
    {
        var events = MarbleDiagram.ParseCold<char>(diagram);

        Assert.Equal(['1', '2'], events.Where(e => e.Value.Kind == NotificationKind.OnNext).Select(e => e.Value.Value));
    }

    [Fact]
    public void ParseCold_DigitAfterADash_IsAValueEvenBeforeAUnitLetter() => Assert.Equal(
        [OnNext(F, '5'), OnNext(2 * F, 's')],
        MarbleDiagram.ParseCold<char>("-5s"));

    [Theory]
    [InlineData("^", 0, Subscription.Infinite)]
    [InlineData("^--!", 0, 3)]
    [InlineData("--^---!", 2, 6)]
    [InlineData("  --^-!", 2, 4)]
    [InlineData("(^!)", 0, 0)]
    [InlineData("--(^!)", 2, 2)]
    [InlineData("^ 10ms !", 0, 11)]
    [InlineData("1s ^ 1.5s !", 1_000, 2_501)]
    public void ParseSubscription_CaretSubscribesAndBangUnsubscribes(string diagram, long subscribe, long unsubscribe)
    {
        var subscription = MarbleDiagram.ParseSubscription(diagram);

        Assert.Equal(subscribe * F, subscription.Subscribe);
        Assert.Equal(unsubscribe == Subscription.Infinite ? Subscription.Infinite : unsubscribe * F, subscription.Unsubscribe);
    }

    [Fact]
    public void Parse_NullDiagram_Throws()
    {
        Assert.Throws<ArgumentNullException>("diagram", () => MarbleDiagram.Parse<char>(null!));
        Assert.Throws<ArgumentNullException>("diagram", () => MarbleDiagram.ParseCold<char>(null!));
        Assert.Throws<ArgumentNullException>("diagram", () => MarbleDiagram.ParseSubscription(null!));
    }

    private static Recorded<Notification<char>> Next(long frame, char value) => OnNext(frame * F, value);

    private static Recorded<Notification<char>> Done(long frame) => Notification.CreateOnCompleted<char>().At(frame * F);

    private static Recorded<Notification<T>> OnNext<T>(long ticks, T value) => new(ticks, Notification.CreateOnNext(value));

    private static void AssertEvents(IReadOnlyList<Recorded<Notification<char>>> actual, params Recorded<Notification<char>>[] expected) =>
        Assert.Equal(expected, actual);
}

internal static class NotificationTestExtensions
{
    public static Recorded<Notification<T>> At<T>(this Notification<T> notification, long ticks) => new(ticks, notification);
}
