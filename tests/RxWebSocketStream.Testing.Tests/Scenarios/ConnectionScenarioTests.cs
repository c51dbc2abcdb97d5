namespace RxWebSocketStream.Testing.Tests.Scenarios;

public sealed class ConnectionScenarioTests
{
    private const string EchoedClose = """
        # Closing with a code and a reason sends that close frame.

        sub:       ^
        app:       --c
        wire:      --(k|)
        messages:  --|
        closed:    --(x|)

        c = close 4000 "bye"
        k = close 4000 "bye"
        x = closed 4000 "bye"
        """;

    [Fact]
    public void Parse_NullArguments_Throw()
    {
        Assert.Throws<ArgumentNullException>("text", () => ConnectionScenario.Parse(null!, "x.marble"));
        Assert.Throws<ArgumentNullException>("path", () => ConnectionScenario.Parse("# r", null!));
        Assert.Throws<ArgumentNullException>("path", () => ConnectionScenario.Load(null!));
        Assert.Throws<ArgumentNullException>("folder", () => ConnectionScenario.FindAll(null!));
    }

    [Fact]
    public void Run_ScenarioThatHolds_Passes()
    {
        var scenario = ConnectionScenario.Parse(EchoedClose, "close.marble");

        scenario.Run();

        Assert.Equal("Closing with a code and a reason sends that close frame.", scenario.Rule);
        Assert.Equal("close.marble: Closing with a code and a reason sends that close frame.", scenario.ToString());
    }

    [Fact]
    public void Run_ScenarioThatFails_NamesFileLineAndTimeline()
    {
        var wrong = EchoedClose.Replace("wire:      --(k|)", "wire:      ---(k|)", StringComparison.Ordinal);

        var e = Assert.Throws<ScenarioFailedException>(() => ConnectionScenario.Parse(wrong, "close.marble").Run());

        Assert.StartsWith("close.marble: Closing with a code and a reason sends that close frame.", e.Message, StringComparison.Ordinal);
        Assert.Contains("ExpectObservable(close.marble:5 wire)", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sub: ^", "x.marble:1: a scenario starts with '# '")]
    [InlineData("# r\nbogus: --a", "x.marble:2: 'bogus' is not a timeline")]
    [InlineData("# r\nwire: --a", "x.marble:2: 'a' on the wire line has no legend entry")]
    [InlineData("# r\nwire: --a\na = sink text \"hi\"", "x.marble:3: 'a' is used on the wire line (line 2), but")]
    [InlineData("# r\nclosed: --#", "x.marble:2: the closed line has '#' but no 'error = ...'")]
    [InlineData("# r\ngiven: warp drive", "x.marble:2: given: in 'warp drive', expected")]
    [InlineData("# r\nwire: -a\nwire: -b", "x.marble:3: the timeline 'wire' is drawn twice")]
    [InlineData("# r\nstates: -", "x.marble:2: 'states' is not a timeline")]
    [InlineData("# r\nwire 2: -", "x.marble:2: 'wire 2' is not a timeline")]
    [InlineData("# r\ngiven: reconnect\nopened: -", "x.marble:3: 'opened' is a single connection's")]
    [InlineData("# r\ngiven: reconnect\npeer: -\npeer 1: -", "x.marble:4: 'peer' and 'peer 1' are the same peer")]
    [InlineData("# r\ngiven: reconnect jitter half", "x.marble:2: given: in 'reconnect jitter half', expected a number such as 0.5")]
    [InlineData("# r\ngiven: reconnect\nstates: a\na = connecting", "x.marble:4: 'a' is used on the states line (line 3), but")]
    public void Run_MalformedScenario_ThrowsWithFileAndLine(string text, string expected)
    {
        var e = Assert.Throws<ScenarioFormatException>(() => ConnectionScenario.Parse(text, "x.marble").Run());

        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_ReconnectingScenarioThatFails_NamesTheStatesLineAndTheDifference()
    {
        // The peer drops at frame 4; with the ceiling 10 ms and the jitter 0.5 the session waits 5 ms, not 10.
        const string text = """
            # A dropped connection is retried after the back-off wait.

            given:     reconnect initial 10ms max 40ms jitter 0.5
            peer:      ----#
            states:    (co)(xw)

            c = connecting 0
            o = open
            x = closed 1006 will reconnect
            w = waiting 10ms 1
            """;

        var e = Assert.Throws<ScenarioFailedException>(() => ConnectionScenario.Parse(text, "r.marble").Run());

        Assert.Contains("ExpectObservable(r.marble:5 states)", e.Message, StringComparison.Ordinal);
        Assert.Contains("First difference, at frame 4:\n  expected: OnNext(\"waiting 10ms 1\")\n  actual:   OnNext(\"waiting 5ms 1\")", e.Message.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_QueuedSendWithoutReconnect_SaysItNeedsASession()
    {
        const string text = "# r\napp: -a\na = send queued text \"hi\"";

        var e = Assert.Throws<InvalidOperationException>(() => ConnectionScenario.Parse(text, "x.marble").Run());

        Assert.Contains("need a reconnecting session (given: reconnect)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FindAll_ListsMarbleFilesRecursivelyInOrdinalOrder()
    {
        var root = Directory.CreateTempSubdirectory();
        try
        {
            Directory.CreateDirectory(Path.Combine(root.FullName, "b"));
            File.WriteAllText(Path.Combine(root.FullName, "b", "z.marble"), "");
            File.WriteAllText(Path.Combine(root.FullName, "a.marble"), "");
            File.WriteAllText(Path.Combine(root.FullName, "notes.md"), "");

            var found = ConnectionScenario.FindAll(root.FullName).Select(p => Path.GetRelativePath(root.FullName, p).Replace('\\', '/'));

            Assert.Equal(["a.marble", "b/z.marble"], found);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void Load_RepositorySpec_EveryScenarioParses()
    {
        var files = ConnectionScenario.FindAll(Path.Combine(RepositoryRoot.Path, "marbles"));

        Assert.NotEmpty(files);
        Assert.All(files, file => Assert.NotEmpty(ConnectionScenario.Load(file).Rule));
    }
}
