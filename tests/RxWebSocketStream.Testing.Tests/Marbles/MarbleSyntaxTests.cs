namespace RxWebSocketStream.Testing.Tests.Marbles;

public sealed class MarbleSyntaxTests
{
    [Theory]
    [InlineData("cold", "--((a))|", 4, "Groups cannot be nested: the group opened at column 3 is still open.")]
    [InlineData("cold", "--(ab-|", 6, "'-' cannot be inside a group")]
    [InlineData("cold", "--(ab|", 3, "The group opened here is never closed with ')'.")]
    [InlineData("cold", "-a)|", 3, "')' closes no group.")]
    [InlineData("cold", "-()|", 2, "A group must hold at least one event; '()' is empty.")]
    [InlineData("cold", "-(a 1ms b)|", 5, "A time progression cannot be inside a group")]
    [InlineData("cold", "-^-a|", 2, "'^' marks frame zero of a hot observable; a cold observable or an expected diagram cannot have one.")]
    [InlineData("hot", "-^-^-a|", 4, "A hot observable has at most one '^'; the first is at column 2.")]
    [InlineData("hot", "-(^a)|", 3, "'^' cannot be inside a group.")]
    [InlineData("hot", "-a-!", 4, "'!' (unsubscribe) belongs in a subscription diagram, not in an observable diagram.")]
    [InlineData("cold", "-a-!", 4, "'!' (unsubscribe) belongs in a subscription diagram")]
    [InlineData("sub", "^-^-!", 3, "A subscription diagram has one '^'; the first is at column 1.")]
    [InlineData("sub", "^-!-!", 5, "A subscription diagram has at most one '!'; the first is at column 3.")]
    [InlineData("sub", "-!-^", 2, "'!' (unsubscribe) comes before '^' (subscribe).")]
    [InlineData("sub", "^-a-!", 3, "'a' is not allowed in a subscription diagram")]
    [InlineData("sub", "^--|", 4, "'|' is not allowed in a subscription diagram")]
    [InlineData("sub", "---", 4, "A subscription diagram needs a '^' where the subscription starts.")]
    [InlineData("sub", "(^!", 1, "The group opened here is never closed")]
    [InlineData("cold", "a 10msb|", 7, "The time progression '10ms' must be followed by a space or the end of the diagram.")]
    [InlineData("cold", "a 10sec|", 6, "The time progression '10s' must be followed by a space")]
    [InlineData("cold", "a 1.5 b|", 6, "The time progression '1.5' needs a unit: ms, s or m.")]
    [InlineData("cold", "a 10h b|", 5, "The time progression '10' needs a unit: ms, s or m.")]
    [InlineData("cold", "a 1.2.3s b|", 3, "'1.2.3' is not a number")]
    [InlineData("cold", "a 2.s b|", 3, "'2.' is not a number")]
    [InlineData("cold", "a 0.5ms b|", 3, "The time progression '0.5ms' is 0.5 frames; it must be a whole number of frames (1 frame = 1 ms).")]
    [InlineData("cold", "a 99999999999999999999m b|", 3, "The time progression '99999999999999999999m' is too long")]
    [InlineData("sub", "^ 5x !", 3, "'5' is not allowed in a subscription diagram")]
    public void Parse_MalformedDiagram_ThrowsWithTheColumnAndTheReason(string kind, string diagram, int column, string reason)
    {
        var error = Assert.Throws<MarbleSyntaxException>(() => Parse(kind, diagram));

        Assert.Equal(column, error.Column);
        Assert.StartsWith(reason, error.Reason, StringComparison.Ordinal);
        Assert.Equal(diagram, error.Diagram);
    }

    [Fact]
    public void ParseCold_UnknownValueWithAValuesMap_NamesTheKnownCharacters()
    {
        var values = new Dictionary<char, int> { ['b'] = 2, ['a'] = 1 };

        var error = Assert.Throws<MarbleSyntaxException>(() => MarbleDiagram.ParseCold("-a-c|", values));

        Assert.Equal(4, error.Column);
        Assert.Equal("'c' is not in the values map, which has 'a', 'b'.", error.Reason);
    }

    [Fact]
    public void ParseCold_CharElementsWithAValuesMap_StillRejectUnknownCharacters()
    {
        var values = new Dictionary<char, char> { ['a'] = 'A' };

        var error = Assert.Throws<MarbleSyntaxException>(() => MarbleDiagram.ParseCold("ab", values));

        Assert.Equal(2, error.Column);
    }

    [Fact]
    public void ParseCold_NonCharElementsWithoutValues_AskForAValuesMap()
    {
        var error = Assert.Throws<MarbleSyntaxException>(() => MarbleDiagram.ParseCold<int>("--1|"));

        Assert.Equal(3, error.Column);
        Assert.Equal("'1' needs a values map: the element type Int32 is not char or string.", error.Reason);
    }

    [Fact]
    public void MarbleSyntaxException_Message_QuotesTheDiagramAndPointsAtTheColumn()
    {
        var error = Assert.Throws<MarbleSyntaxException>(() => MarbleDiagram.ParseCold<char>("--(ab|"));

        Assert.Equal(
            """
            Invalid marble diagram at column 3: The group opened here is never closed with ')'.
              "--(ab|"
                 ^
            """.ReplaceLineEndings("\n"),
            error.Message);
    }

    [Fact]
    public void MarbleSyntaxException_IsAFormatException() =>
        Assert.IsAssignableFrom<FormatException>(Assert.Throws<MarbleSyntaxException>(() => MarbleDiagram.ParseSubscription("a")));

    private static object Parse(string kind, string diagram) => kind switch
    {
        "cold" => MarbleDiagram.ParseCold<char>(diagram),
        "hot" => MarbleDiagram.Parse<char>(diagram),
        _ => MarbleDiagram.ParseSubscription(diagram),
    };
}
