namespace RxWebSocketStream.Testing.Marbles;

/// <summary>What a diagram may hold: the grammars differ only in which markers they accept.</summary>
internal enum MarbleDiagramKind
{
    /// <summary>A cold observable or an expected sequence: no <c>^</c>, no <c>!</c>.</summary>
    Cold,

    /// <summary>A hot observable: at most one <c>^</c> (frame zero), no <c>!</c>.</summary>
    Hot,

    /// <summary>A subscription: one <c>^</c>, at most one <c>!</c> after it, nothing else but time.</summary>
    Subscription,
}

/// <summary>One event character of a diagram: the character, where it stands, and its frame.</summary>
/// <param name="Symbol">The character: a value, <c>|</c>, <c>#</c>, <c>^</c> or <c>!</c>.</param>
/// <param name="Position">The zero-based index of the character in the diagram.</param>
/// <param name="Frame">The frame counted from the start of the diagram (not from <c>^</c>).</param>
internal readonly record struct MarbleSymbol(char Symbol, int Position, long Frame);
