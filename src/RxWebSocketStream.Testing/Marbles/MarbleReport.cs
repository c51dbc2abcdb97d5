using System.Text;

namespace RxWebSocketStream.Testing.Marbles;

/// <summary>
/// Lays out a failure report: a header, labelled diagram lines on one time axis, the legend, and the
/// first difference. Labels are padded so that every diagram starts in the same column.
/// </summary>
internal sealed class MarbleReport
{
    private readonly StringBuilder _text = new();
    private readonly List<(string Label, string Text)> _rows = [];

    public MarbleReport(string header) => _text.Append(header).Append('\n');

    public MarbleReport Row(string label, string text)
    {
        _rows.Add((label, text));
        return this;
    }

    public string Finish(string differenceHeader, string expected, string actual, string? note = null)
    {
        var width = _rows.Max(r => r.Label.Length) + 2;
        _text.Append('\n');
        foreach (var (label, text) in _rows)
        {
            var prefix = label.Length == 0 ? string.Empty : label + ":";
            _text.Append("  ").Append(prefix.PadRight(width)).Append(text).Append('\n');
        }

        if (note is not null)
        {
            _text.Append('\n').Append(note).Append('\n');
        }

        return _text
            .Append('\n').Append(differenceHeader).Append('\n')
            .Append("  expected: ").Append(expected).Append('\n')
            .Append("  actual:   ").Append(actual)
            .ToString();
    }
}
