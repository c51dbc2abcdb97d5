using System.Diagnostics;
using System.Text;

namespace RxWebSocketStream.Packaging.Tests;

/// <summary>What a finished command printed, and how it exited.</summary>
internal sealed record CommandResult(string CommandLine, int ExitCode, string Output, string Error)
{
    /// <summary>Throws, with everything the command printed, unless it exited 0.</summary>
    public CommandResult EnsureSuccess()
    {
        Assert.True(ExitCode == 0, $"`{CommandLine}` exited {ExitCode}.\nstdout:\n{Output}\nstderr:\n{Error}");
        return this;
    }
}

/// <summary>
/// Runs the .NET CLI and the programs it makes as child processes. The children get a clean environment: the
/// MSBuild variables that <c>dotnet test</c> leaves in this process would otherwise steer their builds, and
/// MSBuild worker nodes are not kept alive after a command ends.
/// </summary>
internal static class Command
{
    /// <summary>The dotnet host running these tests, so children use the same SDK and runtime.</summary>
    public static string DotnetHost { get; } =
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host
        : Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";

    /// <summary>
    /// Arguments for every build these tests start (<c>dotnet pack</c>, <c>dotnet build</c>): one MSBuild node, and the
    /// compiler inside it rather than in the shared compiler server. So a build takes one core at most, at the
    /// priority set below; the shared server runs at normal priority for whoever started it, and with it a
    /// concurrent pack doubled the time of a race test in another project (2 s to 15 s, against a 20 s guard).
    /// </summary>
    public static readonly string[] GentleBuild = ["-maxcpucount:1", "-p:UseSharedCompilation=false"];

    /// <summary>Runs <c>dotnet</c> with <paramref name="args"/> to the end.</summary>
    public static Task<CommandResult> DotnetAsync(string workingDirectory, TimeSpan hangGuard, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        RunAsync(DotnetHost, args, workingDirectory, hangGuard, environment);

    /// <summary>Runs a program to the end. <paramref name="hangGuard"/> only turns a hang into a failure.</summary>
    public static async Task<CommandResult> RunAsync(string fileName, IEnumerable<string> args, string workingDirectory, TimeSpan hangGuard, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var process = new Process { StartInfo = StartInfo(fileName, args, workingDirectory, environment) };
        var output = new StringBuilder();
        var error = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(error, e.Data);
        process.Start();
        // `dotnet test` runs other test projects beside this one, some of them on real sockets: a build here should
        // take the CPU they leave rather than slow them down. The processes the build starts inherit the priority.
        try
        {
            process.PriorityClass = ProcessPriorityClass.BelowNormal;
        }
        catch (InvalidOperationException)
        {
            // It has already exited: nothing left to slow down.
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync().WaitAsync(hangGuard);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{CommandLine(process.StartInfo)}` did not end within {hangGuard}.\nstdout:\n{Text(output)}\nstderr:\n{Text(error)}");
        }

        return new CommandResult(CommandLine(process.StartInfo), process.ExitCode, Text(output), Text(error));
    }

    /// <summary>Starts a program that keeps running (a server) with its output read line by line.</summary>
    public static RunningProgram Start(string fileName, IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null) =>
        new(StartInfo(fileName, args, workingDirectory, environment));

    private static ProcessStartInfo StartInfo(string fileName, IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.Where(static name => name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        if (Path.IsPathRooted(DotnetHost))
        {
            // A tool's launcher (apphost) finds the runtime through DOTNET_ROOT when it is not installed in the default place.
            start.Environment["DOTNET_ROOT"] = Path.GetDirectoryName(DotnetHost);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return start;
    }

    private static string CommandLine(ProcessStartInfo start) => string.Join(' ', [start.FileName, .. start.ArgumentList]);

    private static void Append(StringBuilder text, string? line)
    {
        if (line is not null)
        {
            lock (text)
            {
                text.AppendLine(line);
            }
        }
    }

    private static string Text(StringBuilder text)
    {
        lock (text)
        {
            return text.ToString();
        }
    }
}
