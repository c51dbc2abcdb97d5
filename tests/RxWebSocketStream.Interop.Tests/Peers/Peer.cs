namespace RxWebSocketStream.Interop.Tests.Peers;

/// <summary>
/// A real peer the interop tests need, and the rule for when it is missing: on a developer machine the
/// test is skipped with a message saying how to install the peer; with the environment variable
/// <c>CI=true</c> it is not skipped, so it runs and fails with that message.
/// </summary>
public sealed class Peer
{
    private readonly Func<string?> _findProblem;
    private readonly Lazy<string?> _problem;

    /// <summary>Node.js on PATH and the pinned <c>ws</c> package installed in tests/interop/node.</summary>
    public static readonly Peer Node = new(
        "Node.js with the ws package",
        "cd tests/interop/node && npm ci",
        FindNodeProblem);

    /// <summary>Debian's Chromium, whose headless mode ships WebSocketStream.</summary>
    public static readonly Peer Chromium = new(
        "Chromium",
        "apt-get install -y chromium (or set CHROMIUM_PATH to a Chromium binary)",
        () => File.Exists(ChromiumPath) ? null : $"{ChromiumPath} does not exist");

    public Peer(string name, string howToInstall, Func<string?> findProblem)
    {
        Name = name;
        HowToInstall = howToInstall;
        _findProblem = findProblem;
        _problem = new Lazy<string?>(() => _findProblem());
    }

    public string Name { get; }

    public string HowToInstall { get; }

    /// <summary>Gets where the Chromium binary is: <c>CHROMIUM_PATH</c>, else /usr/bin/chromium.</summary>
    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Gets the folder holding the node scripts and their node_modules.</summary>
    public static string NodeFolder => Path.Combine(RepositoryRoot.Path, "tests", "interop", "node");

    /// <summary>Gets whether this process runs in CI (<c>CI=true</c>), where a missing peer is a failure.</summary>
    public static bool IsCi => IsCiValue(Environment.GetEnvironmentVariable("CI"));

    /// <summary>Gets why the peer cannot be used, or <see langword="null"/> when it can.</summary>
    public string? Problem => _problem.Value;

    /// <summary>Gets the message of a skipped or failed test when the peer is missing.</summary>
    public string MissingMessage => Problem is null
        ? $"{Name} is available."
        : $"{Name} is missing ({Problem}). To run this test: {HowToInstall}. " +
          "Skipped on a developer machine; with CI=true it fails instead.";

    /// <summary>Gets the xunit skip reason: the missing message, unless the peer is there or this is CI.</summary>
    public string? SkipReason => SkipReasonFor(Problem, IsCi);

    internal static bool IsCiValue(string? value) =>
        string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) || value == "1";

    internal string? SkipReasonFor(string? problem, bool isCi) =>
        problem is null || isCi ? null : MissingMessage;

    /// <summary>Throws when the peer is missing (in CI, where the test was not skipped).</summary>
    public void EnsureAvailable()
    {
        if (Problem is not null)
        {
            throw new PeerMissingException(MissingMessage);
        }
    }

    private static string? FindNodeProblem()
    {
        if (FindOnPath("node") is null)
        {
            return "node is not on PATH";
        }

        var ws = Path.Combine(NodeFolder, "node_modules", "ws", "package.json");
        return File.Exists(ws) ? null : $"{ws} does not exist";
    }

    /// <summary>Finds an executable on PATH.</summary>
    public static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}

/// <summary>A peer the test needs is not installed, and this is CI, so the test fails.</summary>
public sealed class PeerMissingException(string message) : Exception(message);
