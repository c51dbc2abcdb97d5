namespace RxWebSocketStream.Testing.Tests;

/// <summary>Finds the repository root (the folder holding RxWebSocketStream.sln) from the test binaries.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "RxWebSocketStream.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No RxWebSocketStream.sln above {AppContext.BaseDirectory}.");
    }
}
