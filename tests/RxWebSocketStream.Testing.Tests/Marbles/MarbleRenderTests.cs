using System.Reactive;

namespace RxWebSocketStream.Testing.Tests.Marbles;

public sealed class MarbleRenderTests
{
    [Theory]
    [InlineData("-a--b|")]
    [InlineData("--(abc)-|")]
    [InlineData("-----(a|)")]
    [InlineData("|")]
    [InlineData("#")]
    [InlineData("-")]
    [InlineData("a 20ms b 9s c|")]
    [InlineData(" 1m a 2s (bc) 17ms #")]
    public void Render_ColdDiagram_DrawsItBackExactly(string diagram)
    {
        var rendering = MarbleDiagram.Render(MarbleDiagram.ParseCold<char>(diagram));

        Assert.Equal(diagram, rendering.Diagram);
        Assert.True(rendering.IsExact);
        Assert.Empty(rendering.Legend);
    }

    [Theory]
    [InlineData("a 9ms b 9s c|", "a---------b 9s c|")]
    [InlineData("a 16ms b", "a 16ms b")]
    [InlineData("a 15ms b", "a---------------b")]
    [InlineData("--- -", "-")]
    public void Render_QuietStretches_UseDashesUpToFifteenFramesAndATimeProgressionBeyond(string diagram, string expected)
    {
        var events = MarbleDiagram.ParseCold<char>(diagram);
        var rendering = MarbleDiagram.Render(events);

        Assert.Equal(expected, rendering.Diagram);
        Assert.Equal(events, MarbleDiagram.ParseCold<char>(rendering.Diagram));
    }

    [Fact]
    public void Render_HotDiagram_DrawsTheCaretAtFrameZeroFromTheFirstEvent()
    {
        var events = MarbleDiagram.Parse<char>("-a-^-b--|");

        var rendering = MarbleDiagram.Render(events);

        Assert.Equal("a-^-b--|", rendering.Diagram);
        Assert.Equal(events, MarbleDiagram.Parse<char>(rendering.Diagram));
    }

    [Fact]
    public void Render_ValuesMap_UsesItsCharactersAndExplainsThemInTheLegend()
    {
        var values = new Dictionary<char, int> { ['a'] = 1, ['b'] = 2 };
        var events = MarbleDiagram.ParseCold("-a-b|", values).Append(new(5 * MarbleDiagram.TicksPerFrame, Notification.CreateOnNext(42)));

        var rendering = MarbleDiagram.Render(events, values);

        Assert.Equal("-a-b|c", rendering.Diagram);
        Assert.Equal(["a = 1", "b = 2", "c = 42"], rendering.Legend.Select(e => $"{e.Key} = {e.Value}"));
        Assert.Equal("-a-b|c\na = 1, b = 2, c = 42", rendering.ToString());
    }

    [Fact]
    public void Render_StringsAndLists_AreQuotedAndBracketedInTheLegend()
    {
        var words = new[] { new Recorded<Notification<string>>(0, Notification.CreateOnNext("hello")), new(MarbleDiagram.TicksPerFrame, Notification.CreateOnNext("x")) };
        var lists = new[] { new Recorded<Notification<int[]>>(0, Notification.CreateOnNext(new[] { 1, 2 })) };

        Assert.Equal("ax\na = \"hello\"", MarbleDiagram.Render(words).ToString());
        Assert.Equal("a\na = [1, 2]", MarbleDiagram.Render(lists).ToString());
    }

    [Fact]
    public void Render_EventInsideTheWidthOfAGroup_IsDrawnInTheNextFreeFrameAndMarkedInexact()
    {
        var events = new[] { Next(2, 'a'), Next(2, 'b'), Next(3, 'c') };

        var rendering = MarbleDiagram.Render(events);

        Assert.Equal("--(ab)c", rendering.Diagram);
        Assert.False(rendering.IsExact);
    }

    [Fact]
    public void Render_EventBetweenFrames_IsMarkedInexact()
    {
        var rendering = MarbleDiagram.Render([new Recorded<Notification<char>>(15_000, Notification.CreateOnNext('a'))]);

        Assert.Equal("-a", rendering.Diagram);
        Assert.False(rendering.IsExact);
    }

    [Theory]
    [InlineData("^")]
    [InlineData("--^---!")]
    [InlineData("(^!)")]
    [InlineData("^ 1m !")]
    public void RenderSubscription_DrawsItBack(string diagram) =>
        Assert.Equal(diagram, MarbleDiagram.RenderSubscription(MarbleDiagram.ParseSubscription(diagram)));

    private static Recorded<Notification<char>> Next(long frame, char value) =>
        new(frame * MarbleDiagram.TicksPerFrame, Notification.CreateOnNext(value));
}
