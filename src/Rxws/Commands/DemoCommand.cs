namespace Rxws.Commands;

/// <summary>Placeholder until the server package lands.</summary>
internal static class DemoCommand
{
    public static Task<int> RunAsync(ToolConsole console, CancellationToken cancellationToken) => Task.FromResult(0);
}
