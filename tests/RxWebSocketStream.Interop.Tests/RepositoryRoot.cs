namespace RxWebSocketStream.Interop.Tests;

/// <summary>The repository's root: the first folder above the test binaries holding the solution.</summary>
internal static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "RxWebSocketStream.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No RxWebSocketStream.sln above {AppContext.BaseDirectory}.");
    });

    public static string Path => Root.Value;
}
