using System.Text;

namespace RxWebSocketStream.Testing.Marbles;

/// <summary>
/// Draws several lines on one time axis, so that the same frame is in the same column on every line.
/// A stretch of more than <see cref="MaxDashes"/> frames with no event on any line is drawn as a time
/// progression (<c> 9s </c>) on every line, so long diagrams stay short and still parse back.
/// </summary>
internal sealed class MarbleTimeline
{
    /// <summary>The longest quiet stretch drawn with dashes; longer ones become a time progression.</summary>
    public const int MaxDashes = 15;

    private readonly IReadOnlyList<MarbleLine> _lines;
    private readonly List<(long From, long To, bool Compressed)> _segments = [];

    public MarbleTimeline(IReadOnlyList<MarbleLine> lines)
    {
        _lines = lines;
        var spans = lines.SelectMany(l => l.Units).Select(u => (From: u.Start, To: u.Start + u.Text.Length)).OrderBy(s => s.From).ToList();
        var cursor = Math.Min(0, spans.Count == 0 ? 0 : spans[0].From);
        foreach (var (from, to) in spans)
        {
            if (from > cursor)
            {
                _segments.Add((cursor, from, from - cursor > MaxDashes));
            }

            if (to > cursor)
            {
                _segments.Add((Math.Max(cursor, from), to, false));
                cursor = to;
            }
        }

        if (spans.Count == 0)
        {
            _segments.Add((0, 1, false));
        }
    }

    public string Draw(int index)
    {
        var line = _lines[index];
        var chars = new Dictionary<long, char>();
        foreach (var (start, text) in line.Units)
        {
            for (var i = 0; i < text.Length; i++)
            {
                chars[start + i] = text[i];
            }
        }

        // A line with no event at all is drawn as quiet over the whole axis, so it is visibly there.
        var end = line.Units.Count == 0 ? long.MaxValue : line.End;
        var result = new StringBuilder();
        foreach (var (from, to, compressed) in _segments)
        {
            if (compressed)
            {
                var token = $" {TimeProgression.Format(to - from)} ";
                result.Append(from < end ? token : new string(' ', token.Length));
                continue;
            }

            for (var frame = from; frame < to; frame++)
            {
                result.Append(frame >= end ? ' ' : chars.GetValueOrDefault(frame, '-'));
            }
        }

        return result.ToString().TrimEnd();
    }
}
