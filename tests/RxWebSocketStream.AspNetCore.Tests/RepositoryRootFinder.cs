namespace RxWebSocketStream.AspNetCore.Tests;

/// <summary>Finds the repository root (the folder holding RxWebSocketStream.sln) from the test binaries.</summary>
internal static class RepositoryRootFinder
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RxWebSocketStream.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No RxWebSocketStream.sln above {AppContext.BaseDirectory}.");
    }
}
