namespace RxWebSocketStream.Testing.Marbles;

/// <summary>Turns the <c>('a', value)</c> pairs of the params overloads into the values map the parser takes.</summary>
internal static class MarbleValueTable
{
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A symbol is given twice.</exception>
    public static IReadOnlyDictionary<char, T> From<T>((char Symbol, T Value)[] values, string paramName)
    {
        ArgumentNullException.ThrowIfNull(values, paramName);
        var table = new Dictionary<char, T>(values.Length);
        foreach (var (symbol, value) in values)
        {
            if (!table.TryAdd(symbol, value))
            {
                // A dictionary initializer would let the second silently win; a duplicate here is a typo in the test.
                throw new ArgumentException(
                    $"The symbol '{symbol}' is given twice in the values: first as {Show(table[symbol])}, then as {Show(value)}. Give each symbol one value.",
                    paramName);
            }
        }

        return table;
    }

    private static string Show<T>(T value) => value is null ? "null" : $"'{value}'";
}
