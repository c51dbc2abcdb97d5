using System.Text.RegularExpressions;

namespace RxWebSocketStream.Testing.Tests;

/// <summary>
/// docs/behaviour.md, "Time and scheduling": src/ never reads the wall clock or starts a real timer. The
/// banned-API analyzer enforces it at build time; these tests make sure the analyzer's list stays complete and
/// that no source file slips past it (for example a project that forgot to import src/Directory.Build.props).
/// And the product stands alone: what ships or documents it never points at notes kept outside the repository.
/// </summary>
public sealed partial class SourceRulesTests
{
    /// <summary>
    /// Documentation IDs of the banned symbols, as (kind and type, member, parameter list). Written in parts
    /// so that this list of what is banned does not read like a use of it.
    /// </summary>
    [Theory]
    [InlineData("P:System.DateTime", "Now", null)]
    [InlineData("P:System.DateTime", "UtcNow", null)]
    [InlineData("P:System.DateTimeOffset", "Now", null)]
    [InlineData("P:System.DateTimeOffset", "UtcNow", null)]
    [InlineData("M:System.Threading.Tasks.Task", "Delay", "System.Int32")]
    [InlineData("M:System.Threading.Tasks.Task", "Delay", "System.TimeSpan")]
    [InlineData("M:System.Threading.Tasks.Task", "Delay", "System.TimeSpan,System.Threading.CancellationToken")]
    [InlineData("M:System.Threading.Thread", "Sleep", "System.Int32")]
    [InlineData("M:System.Threading.Thread", "Sleep", "System.TimeSpan")]
    [InlineData("T:System.Threading.Timer", null, null)]
    [InlineData("M:System.Threading.CancellationTokenSource", "CancelAfter", "System.Int32")]
    [InlineData("M:System.Threading.CancellationTokenSource", "CancelAfter", "System.TimeSpan")]
    public void BannedSymbols_ListsEveryClockAndTimerApi(string type, string? member, string? parameters)
    {
        var symbol = member is null ? type : $"{type}.{member}";
        var id = parameters is null ? symbol : $"{symbol}({parameters})";
        var banned = File.ReadAllLines(Path.Combine(RepositoryRoot.Path, "src", "BannedSymbols.txt"))
            .Select(line => line.Split(';')[0].Trim());

        Assert.Contains(id, banned);
    }

    [Fact]
    public void SourceFiles_DoNotUseTheWallClockOrRealTimers()
    {
        var offenders =
            from file in Directory.EnumerateFiles(Path.Combine(RepositoryRoot.Path, "src"), "*.cs", SearchOption.AllDirectories)
            where !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            from line in File.ReadLines(file).Select((text, index) => (text, number: index + 1))
            where !line.text.TrimStart().StartsWith("//", StringComparison.Ordinal) && ClockOrTimer().IsMatch(line.text)
            select $"{Path.GetRelativePath(RepositoryRoot.Path, file)}:{line.number}: {line.text.Trim()}";

        Assert.Empty(offenders);
    }

    /// <summary>
    /// Code, XML docs, build files, docs/, the marble spec and the README cite the repository's own docs
    /// (docs/behaviour.md and friends), never the design or style notes kept beside the repository, which a user
    /// reading a comment in their editor or a page on GitHub cannot open.
    /// </summary>
    [Fact]
    public void ProductFiles_DoNotCiteNotesOutsideTheRepository()
    {
        string[] outside = ["DESIGN" + ".md", "STYLE" + ".md"];
        var root = RepositoryRoot.Path;
        var files = new[] { "src", "docs", "marbles" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*", SearchOption.AllDirectories))
            .Where(static file => !IsBuildOutput(file))
            .Append(Path.Combine(root, "README.md"));

        var offenders =
            from file in files
            from line in File.ReadLines(file).Select((text, index) => (text, number: index + 1))
            where outside.Any(name => line.text.Contains(name, StringComparison.Ordinal))
            select $"{Path.GetRelativePath(root, file)}:{line.number}: {line.text.Trim()}";

        Assert.Empty(offenders);
    }

    private static bool IsBuildOutput(string file)
    {
        var separator = Path.DirectorySeparatorChar;
        return file.Contains($"{separator}bin{separator}", StringComparison.Ordinal)
            || file.Contains($"{separator}obj{separator}", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"DateTime(Offset)?\.(Utc)?Now|Task\.Delay\(|Thread\.Sleep\(|new (System\.Threading\.)?Timer\(|CancelAfter\(")]
    private static partial Regex ClockOrTimer();
}
