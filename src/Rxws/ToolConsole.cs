namespace Rxws;

/// <summary>The standard streams a command uses: the console in <c>Program</c>, pipes in tests.</summary>
/// <param name="Input">Standard input.</param>
/// <param name="Output">Standard output: events, one line each.</param>
/// <param name="Error">Standard error: usage errors.</param>
internal sealed record ToolConsole(TextReader Input, TextWriter Output, TextWriter Error);
