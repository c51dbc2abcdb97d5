using System.Reactive.Linq;

namespace RxWebSocketStream.Testing.Tests.Marbles;

/// <summary>The <c>('a', value)</c> overloads of <c>ToBe</c>, <c>Cold</c> and <c>Hot</c>: values written at the call site.</summary>
public sealed class MarbleValuePairsTests
{
    [Fact]
    public void ToBe_Pairs_MatchLikeAValuesMap()
    {
        var m = new MarbleTest();
        var source = m.Cold("-a-b|", ('a', 1), ('b', 2));

        m.ExpectObservable(source.Select(x => x * 10)).ToBe("-x-y|", ('x', 10), ('y', 20));
        m.Run();
    }

    [Fact]
    public void ToBe_Pairs_WrongValue_FailsTheRunShowingTheValues()
    {
        var m = new MarbleTest();
        m.ExpectObservable(m.Cold("-a|", ('a', 1))).ToBe("-a|", ('a', 2));

        var error = Assert.Throws<MarbleAssertionException>(m.Run);

        Assert.Contains("a = 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToBe_DuplicateSymbol_ThrowsNamingTheSymbolAndBothValues()
    {
        var m = new MarbleTest();
        var expectation = m.ExpectObservable(m.Cold("-a|", ('a', 1)));

        var error = Assert.Throws<ArgumentException>("values", () => expectation.ToBe("-x|", ('x', 10), ('y', 20), ('x', 11)));

        Assert.StartsWith("The symbol 'x' is given twice in the values: first as '10', then as '11'.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToBe_DuplicateSymbol_LeavesTheExpectationOpen()
    {
        var m = new MarbleTest();
        var expectation = m.ExpectObservable(m.Cold("-a|", ('a', 1)));
        Assert.Throws<ArgumentException>(() => expectation.ToBe("-a|", ('a', 1), ('a', 1)));

        expectation.ToBe("-a|", ('a', 1));  // not "ToBe was already called"
        m.Run();
    }

    [Fact]
    public void ToBe_PairsWithNullValue_AreCompared()
    {
        var m = new MarbleTest();
        m.ExpectObservable(m.Cold("-n|", ('n', (string?)null))).ToBe("-n|", ('n', (string?)null));
        m.Run();
    }

    [Fact]
    public void Cold_DuplicateSymbol_Throws() =>
        Assert.Throws<ArgumentException>("values", () => new MarbleTest().Cold("-a|", ('a', 1), ('a', 2)));

    [Fact]
    public void Hot_Pairs_MatchLikeAValuesMap()
    {
        var m = new MarbleTest();
        var source = m.Hot("-a-^-b-c|", ('a', 1), ('b', 2), ('c', 3));

        m.ExpectObservable(source).ToBe("--b-c|", ('b', 2), ('c', 3));
        m.Run();
    }

    [Fact]
    public void Hot_DuplicateSymbol_Throws() =>
        Assert.Throws<ArgumentException>("values", () => new MarbleTest().Hot("-a|", ('a', 1), ('a', 2)));

    [Fact]
    public void Pairs_Null_Throws()
    {
        var m = new MarbleTest();
        Assert.Throws<ArgumentNullException>("values", () => m.Cold("-a|", ((char, int)[])null!));
        Assert.Throws<ArgumentNullException>("values", () => m.ExpectObservable(m.Cold("-a|", ('a', 1))).ToBe("-a|", ((char, int)[])null!));
    }
}
