using System.Globalization;

namespace RxWebSocketStream.Testing.Marbles;

/// <summary>
/// Reads and writes the time progression syntax: a number, a unit (<c>ms</c>, <c>s</c> or <c>m</c>), at
/// the start of a diagram or after a space, and followed by a space or the end. One frame is one
/// millisecond, so the duration must be a whole number of milliseconds.
/// </summary>
internal static class TimeProgression
{
    /// <summary>The largest progression accepted, in frames: about 31 years, far from overflowing ticks.</summary>
    private const decimal MaxFrames = 1_000_000_000_000m;

    /// <summary>
    /// Reads a progression starting at <paramref name="start"/> (a digit at the start of a token).
    /// Returns <see langword="false"/> when the token is not a progression but value characters (a digit
    /// with no unit, as RxJS reads <c>12|</c>); throws when it looks like a progression but is not a valid one.
    /// </summary>
    public static bool TryRead(string diagram, int start, out long frames, out int length)
    {
        frames = 0;
        length = 0;

        var numberEnd = start;
        while (numberEnd < diagram.Length && (char.IsAsciiDigit(diagram[numberEnd]) || diagram[numberEnd] == '.'))
        {
            numberEnd++;
        }

        var number = diagram[start..numberEnd];
        var unit = UnitAt(diagram, numberEnd);
        if (unit.Length == 0)
        {
            var hasLetters = numberEnd < diagram.Length && char.IsAsciiLetter(diagram[numberEnd]);
            if (number.Contains('.', StringComparison.Ordinal) || (hasLetters && number.Length > 1))
            {
                throw new MarbleSyntaxException(diagram, numberEnd, $"The time progression '{number}' needs a unit: ms, s or m.");
            }

            return false;
        }

        var end = numberEnd + unit.Length;
        if (end < diagram.Length && diagram[end] != ' ')
        {
            throw new MarbleSyntaxException(diagram, end, $"The time progression '{diagram[start..end]}' must be followed by a space or the end of the diagram.");
        }

        if (!IsNumber(number))
        {
            throw new MarbleSyntaxException(diagram, start, $"'{number}' is not a number; write digits with at most one decimal point, as in 1.5s.");
        }

        if (number.Length > 20)
        {
            throw new MarbleSyntaxException(diagram, start, $"The time progression '{number}{unit}' is too long; at most {MaxFrames} frames are allowed.");
        }

        var milliseconds = decimal.Parse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture) * unit switch
        {
            "ms" => 1m,
            "s" => 1_000m,
            _ => 60_000m,
        };
        if (milliseconds != decimal.Truncate(milliseconds))
        {
            throw new MarbleSyntaxException(diagram, start, $"The time progression '{number}{unit}' is {milliseconds} frames; it must be a whole number of frames (1 frame = 1 ms).");
        }

        if (milliseconds > MaxFrames)
        {
            throw new MarbleSyntaxException(diagram, start, $"The time progression '{number}{unit}' is too long; at most {MaxFrames} frames are allowed.");
        }

        frames = (long)milliseconds;
        length = end - start;
        return true;
    }

    /// <summary>Writes a number of frames with the largest unit that divides it: <c>9s</c>, <c>2m</c>, <c>17ms</c>.</summary>
    public static string Format(long frames) =>
        frames % 60_000 == 0 ? string.Create(CultureInfo.InvariantCulture, $"{frames / 60_000}m")
        : frames % 1_000 == 0 ? string.Create(CultureInfo.InvariantCulture, $"{frames / 1_000}s")
        : string.Create(CultureInfo.InvariantCulture, $"{frames}ms");

    private static string UnitAt(string diagram, int index)
    {
        if (index >= diagram.Length)
        {
            return string.Empty;
        }

        if (diagram[index] == 'm')
        {
            return index + 1 < diagram.Length && diagram[index + 1] == 's' ? "ms" : "m";
        }

        return diagram[index] == 's' ? "s" : string.Empty;
    }

    private static bool IsNumber(string text)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 || (dot > 0 && dot < text.Length - 1 && text.IndexOf('.', dot + 1) < 0);
    }
}
