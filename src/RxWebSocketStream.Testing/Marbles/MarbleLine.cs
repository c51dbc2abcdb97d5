using System.Reactive;

namespace RxWebSocketStream.Testing.Marbles;

/// <summary>
/// One line of a drawing: units (a single character, or a group like <c>(ab)</c>) placed at frames.
/// A unit is as wide in frames as in characters, as in the grammar; a unit whose frame falls inside the
/// one before it is pushed to the first free frame, and the line is then not exact.
/// </summary>
internal sealed class MarbleLine
{
    private MarbleLine(List<(long Frame, string Text)> units, bool isExact)
    {
        var cursor = long.MinValue;
        foreach (var (frame, text) in units)
        {
            var start = Math.Max(frame, cursor);
            isExact &= start == frame;
            Units.Add((start, text));
            cursor = start + text.Length;
        }

        IsExact = isExact;
    }

    /// <summary>Gets the units with the frame each is drawn at, in order.</summary>
    public List<(long Start, string Text)> Units { get; } = [];

    public bool IsExact { get; }

    public long End => Units.Count == 0 ? long.MinValue : Units[^1].Start + Units[^1].Text.Length;

    public static MarbleLine FromEvents<T>(IReadOnlyList<Recorded<Notification<T>>> events, MarbleSymbolTable<T> symbols)
    {
        var exact = true;
        var byFrame = new List<(long Frame, List<char> Symbols)>();
        foreach (var e in events.OrderBy(e => e.Time))
        {
            exact &= e.Time % MarbleDiagram.TicksPerFrame == 0;
            var frame = (long)Math.Floor((decimal)e.Time / MarbleDiagram.TicksPerFrame);
            var symbol = e.Value.Kind switch
            {
                NotificationKind.OnNext => symbols.SymbolFor(e.Value.Value),
                NotificationKind.OnError => '#',
                _ => '|',
            };
            if (byFrame.Count > 0 && byFrame[^1].Frame == frame)
            {
                byFrame[^1].Symbols.Add(symbol);
            }
            else
            {
                byFrame.Add((frame, [symbol]));
            }
        }

        var units = byFrame.ConvertAll(f => (f.Frame, f.Symbols.Count == 1 ? f.Symbols[0].ToString() : $"({string.Concat(f.Symbols)})"));
        if (units.Count > 0 && units[0].Frame < 0)
        {
            // Events before time zero: a hot observable's past, drawn before its '^'.
            var zero = units.FindIndex(u => u.Frame >= 0);
            units.Insert(zero < 0 ? units.Count : zero, (0, "^"));
        }

        return new MarbleLine(units, exact);
    }

    public static MarbleLine FromSubscription(Subscription subscription)
    {
        var exact = subscription.Subscribe % MarbleDiagram.TicksPerFrame == 0;
        var subscribe = subscription.Subscribe / MarbleDiagram.TicksPerFrame;
        if (subscription.Unsubscribe == Subscription.Infinite)
        {
            return new MarbleLine([(subscribe, "^")], exact);
        }

        exact &= subscription.Unsubscribe % MarbleDiagram.TicksPerFrame == 0;
        var unsubscribe = subscription.Unsubscribe / MarbleDiagram.TicksPerFrame;
        return unsubscribe == subscribe
            ? new MarbleLine([(subscribe, "(^!)")], exact)
            : new MarbleLine([(subscribe, "^"), (unsubscribe, "!")], exact);
    }
}
