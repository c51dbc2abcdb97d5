using System.Globalization;
using System.Text;

namespace RxWebSocketStream.Testing.Scenarios;

/// <summary>
/// The words of one legend entry or setup line: bare words, numbers, hex bytes and "quoted strings"
/// (with \" \\ and \uXXXX escapes), read left to right.
/// </summary>
internal sealed class Words
{
    private readonly List<(string Text, bool Quoted)> _words;
    private readonly string _source;
    private int _next;

    public Words(string text)
    {
        _source = text;
        _words = Split(text);
    }

    public bool AtEnd => _next == _words.Count;

    /// <summary>Consumes the next words if they are exactly <paramref name="phrase"/>.</summary>
    public bool Take(string phrase)
    {
        var parts = phrase.Split(' ');
        for (var i = 0; i < parts.Length; i++)
        {
            if (_next + i >= _words.Count || _words[_next + i].Quoted || _words[_next + i].Text != parts[i])
            {
                return false;
            }
        }

        _next += parts.Length;
        return true;
    }

    public string Quoted()
    {
        if (AtEnd || !_words[_next].Quoted)
        {
            throw Error("a \"quoted string\"");
        }

        return _words[_next++].Text;
    }

    /// <summary>The next bare (unquoted) word, such as a type name.</summary>
    public string Word()
    {
        if (AtEnd || _words[_next].Quoted)
        {
            throw Error("a word");
        }

        return _words[_next++].Text;
    }

    public string? OptionalQuoted() => !AtEnd && _words[_next].Quoted ? _words[_next++].Text : null;

    public int Number()
    {
        if (AtEnd || _words[_next].Quoted || !int.TryParse(_words[_next].Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
        {
            throw Error("a number");
        }

        _next++;
        return n;
    }

    public int? OptionalNumber() =>
        !AtEnd && !_words[_next].Quoted && int.TryParse(_words[_next].Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? Take(n) : null;

    /// <summary>A decimal number such as <c>0.5</c>.</summary>
    public double Fraction()
    {
        if (AtEnd || _words[_next].Quoted || !double.TryParse(_words[_next].Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw Error("a number such as 0.5");
        }

        _next++;
        return value;
    }

    /// <summary>A duration in frames written as a marble time progression: <c>10ms</c>, <c>2s</c>.</summary>
    public TimeSpan Duration()
    {
        if (AtEnd || _words[_next].Quoted)
        {
            throw Error("a duration such as 10ms");
        }

        var text = _words[_next].Text;
        var (digits, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 1.0)
            : text.EndsWith('s') ? (text[..^1], 1000.0)
            : text.EndsWith('m') ? (text[..^1], 60_000.0)
            : (text, double.NaN);
        if (double.IsNaN(unit) || !double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
        {
            throw Error("a duration such as 10ms");
        }

        _next++;
        return TimeSpan.FromMilliseconds(amount * unit);
    }

    /// <summary>The rest as hex bytes (<c>01 ff</c>), or <c>N bytes</c> of zeros.</summary>
    public byte[] Bytes()
    {
        if (_next + 1 < _words.Count && _words[_next + 1].Text == "bytes")
        {
            var count = Number();
            _next++;
            return new byte[count];
        }

        var bytes = new List<byte>();
        while (!AtEnd && !_words[_next].Quoted && byte.TryParse(_words[_next].Text, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
        {
            bytes.Add(b);
            _next++;
        }

        return [.. bytes];
    }

    public void End()
    {
        if (!AtEnd)
        {
            throw Error("nothing more");
        }
    }

    public FormatException Error(string expected) =>
        new($"in '{_source}', expected {expected} {(AtEnd ? "at the end" : $"at '{_words[_next].Text}'")}.");

    private int Take(int n)
    {
        _next++;
        return n;
    }

    private static List<(string, bool)> Split(string text)
    {
        var words = new List<(string, bool)>();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == ' ')
            {
                i++;
            }
            else if (text[i] == '"')
            {
                var word = new StringBuilder();
                i++;
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                        if (text[i] == 'u' && i + 4 < text.Length)
                        {
                            word.Append((char)int.Parse(text.AsSpan(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                            i += 5;
                            continue;
                        }
                    }

                    word.Append(text[i++]);
                }

                if (i == text.Length)
                {
                    throw new FormatException($"in '{text}', a quoted string is not closed.");
                }

                i++;
                words.Add((word.ToString(), true));
            }
            else
            {
                var start = i;
                while (i < text.Length && text[i] != ' ')
                {
                    i++;
                }

                words.Add((text[start..i], false));
            }
        }

        return words;
    }
}
