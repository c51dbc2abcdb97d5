namespace RxWebSocketStream.Testing.Marbles;

/// <summary>
/// Walks a diagram once, counting frames the way RxJS 7 run mode does, and rejects what RxJS would
/// silently misread. Every character but a space is one frame wide, including <c>(</c> and <c>)</c>:
/// the events of a group share the frame of its <c>(</c>, and the frame after the group is the one
/// after its <c>)</c>, so <c>(abc)</c> is five frames wide and diagrams stacked one above the other
/// line up in time.
/// </summary>
internal static class MarbleReader
{
    public static List<MarbleSymbol> Read(string diagram, MarbleDiagramKind kind)
    {
        var symbols = new List<MarbleSymbol>();
        var frame = 0L;
        var groupStart = -1;
        var groupFrame = 0L;
        var groupSize = 0;
        var zero = -1;
        var end = -1;

        for (var i = 0; i < diagram.Length; i++)
        {
            var c = diagram[i];
            if (c == ' ')
            {
                continue;
            }

            if (char.IsAsciiDigit(c) && (i == 0 || diagram[i - 1] == ' ') && TimeProgression.TryRead(diagram, i, out var frames, out var length))
            {
                if (groupStart >= 0)
                {
                    throw new MarbleSyntaxException(diagram, i, "A time progression cannot be inside a group: a group is a single frame.");
                }

                frame = checked(frame + frames);
                i += length - 1;
                continue;
            }

            switch (c)
            {
                case '-':
                    if (groupStart >= 0)
                    {
                        throw new MarbleSyntaxException(diagram, i, "'-' cannot be inside a group: all the events of a group happen in the same frame.");
                    }

                    frame++;
                    continue;
                case '(':
                    if (groupStart >= 0)
                    {
                        throw new MarbleSyntaxException(diagram, i, $"Groups cannot be nested: the group opened at column {groupStart + 1} is still open.");
                    }

                    groupStart = i;
                    groupFrame = frame;
                    groupSize = 0;
                    frame++;
                    continue;
                case ')':
                    if (groupStart < 0)
                    {
                        throw new MarbleSyntaxException(diagram, i, "')' closes no group.");
                    }

                    if (groupSize == 0)
                    {
                        throw new MarbleSyntaxException(diagram, groupStart, "A group must hold at least one event; '()' is empty.");
                    }

                    groupStart = -1;
                    frame++;
                    continue;
            }

            CheckMarker(diagram, i, kind, groupStart, ref zero, ref end);
            symbols.Add(new MarbleSymbol(c, i, groupStart >= 0 ? groupFrame : frame));
            if (groupStart >= 0)
            {
                groupSize++;
            }

            frame++;
        }

        if (groupStart >= 0)
        {
            throw new MarbleSyntaxException(diagram, groupStart, "The group opened here is never closed with ')'.");
        }

        if (kind == MarbleDiagramKind.Subscription && zero < 0)
        {
            throw new MarbleSyntaxException(diagram, diagram.Length, "A subscription diagram needs a '^' where the subscription starts.");
        }

        return symbols;
    }

    private static void CheckMarker(string diagram, int i, MarbleDiagramKind kind, int groupStart, ref int zero, ref int end)
    {
        var c = diagram[i];
        if (kind == MarbleDiagramKind.Subscription)
        {
            switch (c)
            {
                case '^' when zero >= 0:
                    throw new MarbleSyntaxException(diagram, i, $"A subscription diagram has one '^'; the first is at column {zero + 1}.");
                case '^':
                    zero = i;
                    return;
                case '!' when end >= 0:
                    throw new MarbleSyntaxException(diagram, i, $"A subscription diagram has at most one '!'; the first is at column {end + 1}.");
                case '!' when zero < 0:
                    throw new MarbleSyntaxException(diagram, i, "'!' (unsubscribe) comes before '^' (subscribe).");
                case '!':
                    end = i;
                    return;
                default:
                    throw new MarbleSyntaxException(diagram, i, $"'{c}' is not allowed in a subscription diagram, which holds only '^', '!', '-', groups, spaces and time progressions.");
            }
        }

        switch (c)
        {
            case '!':
                throw new MarbleSyntaxException(diagram, i, "'!' (unsubscribe) belongs in a subscription diagram, not in an observable diagram.");
            case '^' when kind == MarbleDiagramKind.Cold:
                throw new MarbleSyntaxException(diagram, i, "'^' marks frame zero of a hot observable; a cold observable or an expected diagram cannot have one.");
            case '^' when zero >= 0:
                throw new MarbleSyntaxException(diagram, i, $"A hot observable has at most one '^'; the first is at column {zero + 1}.");
            case '^' when groupStart >= 0:
                throw new MarbleSyntaxException(diagram, i, "'^' cannot be inside a group.");
            case '^':
                zero = i;
                return;
        }
    }
}
