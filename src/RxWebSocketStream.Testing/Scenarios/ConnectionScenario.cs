using System.Reactive.Concurrency;

namespace RxWebSocketStream.Testing;

/// <summary>
/// A marble scenario file: one rule of a <see cref="WebSocketConnection"/>'s behaviour, drawn as aligned
/// timelines (what a scripted peer does, what the application does, and what is expected on the stream, the
/// wire, <c>Opened</c>, <c>Closed</c> and sends), run in virtual time against a <see cref="VirtualPeer"/>; or, with
/// <c>given: reconnect ...</c>, one rule of a <see cref="ReconnectingConnection"/>, with one virtual peer per attempt.
/// The format is described in the repository's marbles/README.md; the repository's own behaviour spec is
/// written in it.
/// </summary>
public sealed class ConnectionScenario
{
    private readonly Scenarios.ScenarioFile _file;

    private ConnectionScenario(Scenarios.ScenarioFile file) => _file = file;

    /// <summary>Gets the path the scenario was read from, as failure reports print it.</summary>
    public string Path => _file.Path;

    /// <summary>Gets the rule the scenario states (its <c>#</c> lines).</summary>
    public string Rule => _file.Rule;

    /// <summary>Reads and parses a scenario file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="displayPath">The path to print in reports (for example relative to the repository); by default <paramref name="path"/>.</param>
    /// <returns>The scenario, ready to run.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="ScenarioFormatException">The file does not follow the format; the message gives file and line.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static ConnectionScenario Load(string path, string? displayPath = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse(File.ReadAllText(path), displayPath ?? path);
    }

    /// <summary>Parses a scenario from its text.</summary>
    /// <param name="text">The scenario, in the format of marbles/README.md.</param>
    /// <param name="path">The name to print in reports.</param>
    /// <returns>The scenario, ready to run.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> or <paramref name="path"/> is <see langword="null"/>.</exception>
    /// <exception cref="ScenarioFormatException">The text does not follow the format; the message gives file and line.</exception>
    public static ConnectionScenario Parse(string text, string path)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(path);
        return new ConnectionScenario(Scenarios.ScenarioFile.Parse(path, text));
    }

    /// <summary>Lists the scenario files (<c>*.marble</c>) under a folder, recursively, in ordinal order.</summary>
    /// <param name="folder">The folder, for example the repository's marbles/.</param>
    /// <returns>The full paths.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="folder"/> is <see langword="null"/>.</exception>
    public static IReadOnlyList<string> FindAll(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        return [.. Directory.EnumerateFiles(folder, "*.marble", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Runs the scenario once, in virtual time on a fresh marble-mode scheduler, and checks every timeline it
    /// draws. Each run is independent and deterministic.
    /// </summary>
    /// <exception cref="ScenarioFormatException">A legend entry or setup line cannot be used where it is.</exception>
    /// <exception cref="ScenarioFailedException">An expectation was not met; the report names the file, the rule and the lines.</exception>
    public void Run() => Scenarios.ScenarioRunner.Run(_file, new TestScheduler(TestSchedulerMode.Marble));

    /// <summary>
    /// Runs the scenario once on the given scheduler, for example Microsoft.Reactive.Testing's <c>TestScheduler</c>,
    /// and checks every timeline it draws. Such a scheduler runs work due now one tick later, so timelines are
    /// compared by frame (see <see cref="MarbleTest(VirtualTimeScheduler{long, long})"/>).
    /// </summary>
    /// <param name="scheduler">A scheduler at virtual time zero with nothing scheduled; use a new one for each run.</param>
    /// <exception cref="ArgumentNullException"><paramref name="scheduler"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="scheduler"/> is past time zero.</exception>
    /// <exception cref="ScenarioFormatException">A legend entry or setup line cannot be used where it is.</exception>
    /// <exception cref="ScenarioFailedException">An expectation was not met; the report names the file, the rule and the lines.</exception>
    public void Run(VirtualTimeScheduler<long, long> scheduler)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        if (scheduler.Clock != 0)
        {
            throw new ArgumentException($"A scenario starts at virtual time zero; this scheduler is at {scheduler.Clock}.", nameof(scheduler));
        }

        Scenarios.ScenarioRunner.Run(_file, scheduler);
    }

    /// <summary>Returns the path and the rule.</summary>
    /// <returns>For example <c>marbles/closing/close-is-idempotent.marble: The first close wins.</c></returns>
    public override string ToString() => $"{Path}: {Rule}";
}
