namespace RxWebSocketStream.Testing.Marbles;

/// <summary>
/// Chooses the character each value is drawn with, the same across every line of one report: its key
/// in the values map, else the value itself when it is a single character, else a fresh letter. Builds
/// the legend for the characters that do not speak for themselves.
/// </summary>
internal sealed class MarbleSymbolTable<T>
{
    private const string Fresh = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Reserved = " -|#^!()";
    private const char Overflow = '?';

    private readonly IReadOnlyDictionary<char, T>? _values;
    private readonly List<(T Value, char Symbol)> _assigned = [];
    private readonly Dictionary<char, string> _legend = [];

    public MarbleSymbolTable(IReadOnlyDictionary<char, T>? values) => _values = values;

    public IReadOnlyDictionary<char, string> Legend => _legend;

    public char SymbolFor(T value)
    {
        foreach (var (known, symbol) in _assigned)
        {
            if (MarbleValueComparer.Equals(known, value))
            {
                return symbol;
            }
        }

        var chosen = FromValuesMap(value) ?? Natural(value) ?? FreshLetter();
        _assigned.Add((value, chosen));
        var text = MarbleFormat.Value(value);
        if (chosen == Overflow)
        {
            _legend[chosen] = "any of several more values";
        }
        else if (!IsSelf(value, chosen))
        {
            _legend[chosen] = text;
        }

        return chosen;
    }

    private static bool IsSelf(T value, char symbol) =>
        (value is char c && c == symbol) || (value is string s && s.Length == 1 && s[0] == symbol);

    private char? FromValuesMap(T value)
    {
        if (_values is null)
        {
            return null;
        }

        foreach (var key in _values.Keys.Order())
        {
            if (MarbleValueComparer.Equals(_values[key], value))
            {
                return key;
            }
        }

        return null;
    }

    private char? Natural(T value)
    {
        char? c = value switch
        {
            char ch => ch,
            string { Length: 1 } s => s[0],
            _ => null,
        };
        return c is { } symbol && IsFree(symbol) ? symbol : null;
    }

    private char FreshLetter()
    {
        foreach (var symbol in Fresh)
        {
            if (IsFree(symbol))
            {
                return symbol;
            }
        }

        return Overflow;
    }

    private bool IsFree(char symbol) =>
        !Reserved.Contains(symbol, StringComparison.Ordinal)
        && !char.IsWhiteSpace(symbol)
        && !char.IsControl(symbol)
        && _values?.ContainsKey(symbol) != true
        && !_assigned.Exists(a => a.Symbol == symbol);
}
