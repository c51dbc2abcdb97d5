using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using RxWebSocketStream.Interop.Tests.Peers;

namespace RxWebSocketStream.Redis.Tests.Fixture;

/// <summary>
/// A real <c>redis-server</c> for one test: its own process on a free port of 127.0.0.1, persistence off (no RDB
/// snapshot, no AOF) and its own temporary working folder. <see cref="StartAsync"/> returns once the server answers
/// PING; <see cref="StopAsync"/> kills it (as a crash would) and <see cref="RestartAsync"/> brings it back on the same
/// port, empty, for the fault tests. Every wait is on an event (a log line, the process exiting, a reply) under
/// <see cref="Guard.HangTimeout"/>, which only turns a hang into a failure.
/// </summary>
internal sealed class RedisServer : IAsyncDisposable
{
    /// <summary>Debian's redis-server, or <c>REDIS_SERVER_PATH</c>. On a developer machine a test skips without it; in CI it fails.</summary>
    public static readonly Peer Peer = new(
        "redis-server",
        "sudo apt-get install redis-server (or set REDIS_SERVER_PATH to a redis-server binary)",
        () => File.Exists(ExecutablePath) ? null : $"{ExecutablePath} does not exist");

    // A port taken between choosing it and redis binding it makes redis exit at once; a few tries make that harmless.
    private const int PortAttempts = 5;

    private readonly string _folder;
    private Process? _process;
    private StringBuilder _log = new();

    private RedisServer(string folder, int port)
    {
        _folder = folder;
        Port = port;
    }

    /// <summary>Gets the redis-server binary: <c>REDIS_SERVER_PATH</c>, else /usr/bin/redis-server.</summary>
    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("REDIS_SERVER_PATH") is { Length: > 0 } path ? path : "/usr/bin/redis-server";

    /// <summary>Gets the TCP port the server listens on (127.0.0.1 only); it stays the same across restarts.</summary>
    public int Port { get; }

    /// <summary>Gets the address for a Redis client: <c>127.0.0.1:PORT</c>.</summary>
    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>Gets whether the server process is running.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts a server on a free port and returns once it answers PING.</summary>
    public static async Task<RedisServer> StartAsync()
    {
        Peer.EnsureAvailable();
        var folder = Directory.CreateTempSubdirectory("rxws-redis-").FullName;
        for (var attempt = 1; ; attempt++)
        {
            var server = new RedisServer(folder, FreePort());
            try
            {
                await server.LaunchAsync().ConfigureAwait(false);
                return server;
            }
            catch (RedisExitedException) when (attempt < PortAttempts)
            {
                // Most likely the port was taken meanwhile: choose another.
            }
            catch
            {
                Directory.Delete(folder, recursive: true);
                throw;
            }
        }
    }

    /// <summary>Kills the server (no shutdown handshake, as a crash) and waits until the process has exited.</summary>
    public async Task StopAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        if (!process.HasExited)
        {
            process.Kill();
        }

        await process.WaitForExitAsync().WaitAsync(Guard.HangTimeout).ConfigureAwait(false);
        process.Dispose();
    }

    /// <summary>Starts the server again on the same port, empty (nothing was persisted), and waits for PING.</summary>
    public async Task RestartAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await LaunchAsync().ConfigureAwait(false);
    }

    /// <summary>Sends one command on a new connection and returns the reply (see <see cref="RespClient"/>).</summary>
    public Task<string> CommandAsync(params string[] command) => RespClient.CommandAsync(Port, command);

    /// <summary>Publishes raw bytes on a channel, as any other Redis client could, and returns how many subscribers got them.</summary>
    public async Task<long> PublishRawAsync(string channel, byte[] payload) =>
        long.Parse(await RespClient.CommandAsync(Port, "PUBLISH"u8.ToArray(), Encoding.UTF8.GetBytes(channel), payload).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Gets how many PUBLISH commands the server has run since it started or since <see cref="ResetStatisticsAsync"/>.</summary>
    public async Task<long> PublishCountAsync()
    {
        // INFO commandstats holds a line "cmdstat_publish:calls=N,usec=...", or none before the first PUBLISH.
        var info = await CommandAsync("INFO", "commandstats").ConfigureAwait(false);
        var line = info.Split('\n').Select(static l => l.Trim()).FirstOrDefault(static l => l.StartsWith("cmdstat_publish:", StringComparison.Ordinal));
        if (line is null)
        {
            return 0;
        }

        var calls = line["cmdstat_publish:".Length..].Split(',').Single(static f => f.StartsWith("calls=", StringComparison.Ordinal));
        return long.Parse(calls["calls=".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Zeroes the server's command statistics (<c>CONFIG RESETSTAT</c>).</summary>
    public Task ResetStatisticsAsync() => CommandAsync("CONFIG", "RESETSTAT");

    /// <summary>Gets what the server logged so far, for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        Directory.Delete(_folder, recursive: true);
    }

    private async Task LaunchAsync()
    {
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new StringBuilder();
        var info = new ProcessStartInfo(ExecutablePath)
        {
            WorkingDirectory = _folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in Arguments())
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        void OnLine(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (log)
            {
                log.AppendLine(e.Data);
            }

            // Redis 7 logs "Ready to accept connections tcp" once it listens.
            if (e.Data.Contains("Ready to accept connections", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        }

        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.Exited += (_, _) => ready.TrySetException(new RedisExitedException($"redis-server exited before it was ready. Its log:\n{Text(log)}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        _log = log;

        try
        {
            await ready.Task.WaitAsync(Guard.HangTimeout).ConfigureAwait(false);
            var pong = await CommandAsync("PING").ConfigureAwait(false);
            if (pong != "PONG")
            {
                throw new InvalidOperationException($"redis-server answered PING with '{pong}'.");
            }
        }
        catch
        {
            await StopAsync().ConfigureAwait(false);
            throw;
        }
    }

    private IEnumerable<string> Arguments() =>
    [
        "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--bind", "127.0.0.1",
        "--save", string.Empty,          // no RDB snapshots
        "--appendonly", "no",            // no AOF
        "--dir", _folder,
        "--daemonize", "no",
        "--logfile", string.Empty,       // log to stdout, where the readiness line is read
        "--loglevel", "notice",
    ];

    private static string Text(StringBuilder log)
    {
        lock (log)
        {
            return log.ToString();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>redis-server ended before it said it was ready.</summary>
    private sealed class RedisExitedException(string message) : Exception(message);
}
