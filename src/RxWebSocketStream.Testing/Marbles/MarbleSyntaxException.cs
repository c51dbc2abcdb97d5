using System.Text;

namespace RxWebSocketStream.Testing;

/// <summary>
/// A marble diagram that does not follow the grammar. The message quotes the diagram, points at the
/// offending column and says why it is wrong.
/// </summary>
public sealed class MarbleSyntaxException : FormatException
{
    /// <summary>Creates the exception for a diagram, a zero-based position in it and a reason.</summary>
    /// <param name="diagram">The whole diagram.</param>
    /// <param name="position">The zero-based index of the offending character (the diagram's length for "at the end").</param>
    /// <param name="reason">Why the diagram is malformed, as one sentence.</param>
    public MarbleSyntaxException(string diagram, int position, string reason)
        : base(Format(diagram, position, reason))
    {
        Diagram = diagram;
        Column = position + 1;
        Reason = reason;
    }

    /// <summary>Gets the malformed diagram.</summary>
    public string Diagram { get; }

    /// <summary>Gets the one-based column of the offending character (one past the end for "at the end").</summary>
    public int Column { get; }

    /// <summary>Gets why the diagram is malformed, without the diagram or the column.</summary>
    public string Reason { get; }

    private static string Format(string diagram, int position, string reason) =>
        new StringBuilder()
            .Append("Invalid marble diagram at column ").Append(position + 1).Append(": ").Append(reason).Append('\n')
            .Append("  \"").Append(diagram).Append("\"\n")
            .Append("   ").Append(' ', position).Append('^')
            .ToString();
}
