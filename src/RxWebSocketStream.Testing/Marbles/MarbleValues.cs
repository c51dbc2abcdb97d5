namespace RxWebSocketStream.Testing.Marbles;

/// <summary>Finds the value a character of a diagram stands for.</summary>
internal static class MarbleValues
{
    public static T Resolve<T>(string diagram, MarbleSymbol symbol, IReadOnlyDictionary<char, T>? values)
    {
        var c = symbol.Symbol;
        if (values is not null)
        {
            return values.TryGetValue(c, out var value)
                ? value
                : throw new MarbleSyntaxException(diagram, symbol.Position, $"'{c}' is not in the values map, which has {Describe(values.Keys)}.");
        }

        if (typeof(T) == typeof(char))
        {
            return (T)(object)c;
        }

        if (typeof(T) == typeof(string))
        {
            return (T)(object)c.ToString();
        }

        throw new MarbleSyntaxException(diagram, symbol.Position, $"'{c}' needs a values map: the element type {typeof(T).Name} is not char or string.");
    }

    private static string Describe(IEnumerable<char> keys)
    {
        var sorted = keys.Order().Select(k => $"'{k}'").ToList();
        return sorted.Count == 0 ? "no characters" : string.Join(", ", sorted);
    }
}
