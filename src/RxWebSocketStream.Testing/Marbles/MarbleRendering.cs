namespace RxWebSocketStream.Testing;

/// <summary>A recording drawn as a marble diagram by <see cref="MarbleDiagram.Render{T}"/>.</summary>
public sealed class MarbleRendering
{
    internal MarbleRendering(string diagram, IReadOnlyDictionary<char, string> legend, bool isExact)
    {
        Diagram = diagram;
        Legend = legend;
        IsExact = isExact;
    }

    /// <summary>Gets the diagram, for example <c>-a--b|</c>.</summary>
    public string Diagram { get; }

    /// <summary>
    /// Gets what each value character stands for, when that is not the character itself: the values
    /// map's entries that were used, and fresh letters for values missing from it. Formatted with the
    /// invariant culture; strings in quotes, sequences in brackets.
    /// </summary>
    public IReadOnlyDictionary<char, string> Legend { get; }

    /// <summary>
    /// Gets whether <see cref="Diagram"/> parses back to exactly the recording. It is <see langword="false"/>
    /// when an event falls inside the width of a group before it (the grammar cannot say so, and the event is
    /// drawn in the first free frame) or between two frames.
    /// </summary>
    public bool IsExact { get; }

    /// <summary>Returns the diagram, followed by the legend on a second line when there is one.</summary>
    /// <returns>The diagram and its legend.</returns>
    public override string ToString() =>
        Legend.Count == 0 ? Diagram : Diagram + "\n" + string.Join(", ", Legend.Select(entry => $"{entry.Key} = {entry.Value}"));
}
