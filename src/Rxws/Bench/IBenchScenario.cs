namespace Rxws.Bench;

/// <summary>One whole-scenario comparison of the library with its raw <see cref="System.Net.WebSockets.ClientWebSocket"/> equivalent.</summary>
internal interface IBenchScenario
{
    /// <summary>The name on the command line and in the <c>scenario</c> field.</summary>
    string Name { get; }

    /// <summary>Runs every variant and reports each result through <see cref="BenchContext.Report"/> as soon as it is known.</summary>
    Task RunAsync(BenchContext context, CancellationToken cancellationToken);
}
