using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RxWebSocketStream.Interop.Tests.Peers;

/// <summary>
/// Headless Chromium driven through the DevTools protocol, with nothing downloaded: the browser is started
/// with <c>--remote-debugging-port=0</c> and a fresh <c>--user-data-dir</c>, prints
/// <c>DevTools listening on ws://...</c> on stderr, and a plain <see cref="ClientWebSocket"/> sends it
/// commands. Tests open a page on our Kestrel server (an http://127.0.0.1 origin, a secure context) and run
/// their WebSocketStream script with <c>Runtime.evaluate</c>, awaiting the script's promise and reading its
/// JSON result.
/// </summary>
public sealed class ChromiumBrowser : IAsyncDisposable
{
    private static readonly string[] Flags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--remote-debugging-port=0",
    ];

    private readonly Process _process;
    private readonly DirectoryInfo _profile;
    private readonly ClientWebSocket _devtools;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly StringBuilder _stderr = new();
    private readonly Task _receiveLoop;
    private int _nextId;

    private ChromiumBrowser(Process process, DirectoryInfo profile, ClientWebSocket devtools)
    {
        _process = process;
        _profile = profile;
        _devtools = devtools;
        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>Gets the browser's version, as <c>Browser.getVersion</c> reports it.</summary>
    public string Version { get; private set; } = string.Empty;

    public static async Task<ChromiumBrowser> StartAsync()
    {
        Peer.Chromium.EnsureAvailable();
        var profile = Directory.CreateTempSubdirectory("rxws-chromium-");
        var info = new ProcessStartInfo(Peer.ChromiumPath)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var flag in Flags)
        {
            info.ArgumentList.Add(flag);
        }

        info.ArgumentList.Add($"--user-data-dir={profile.FullName}");
        info.ArgumentList.Add("about:blank");
        var process = Process.Start(info) ?? throw new InvalidOperationException("Chromium did not start.");
        _ = process.StandardOutput.ReadToEndAsync();

        var stderr = new StringBuilder();
        Uri? endpoint = null;
        try
        {
            using var timeout = new CancellationTokenSource(Guard.HangTimeout);
            while (endpoint is null && await process.StandardError.ReadLineAsync(timeout.Token) is { } line)
            {
                stderr.AppendLine(line);
                const string Marker = "DevTools listening on ";
                if (line.StartsWith(Marker, StringComparison.Ordinal))
                {
                    endpoint = new Uri(line[Marker.Length..].Trim());
                }
            }

            if (endpoint is null)
            {
                throw new InvalidOperationException($"Chromium exited without a DevTools endpoint. Stderr: {stderr}");
            }

            var devtools = new ClientWebSocket();
            await devtools.ConnectAsync(endpoint, timeout.Token);
            var browser = new ChromiumBrowser(process, profile, devtools);
            browser._stderr.Append(stderr);
            _ = browser.PumpStderrAsync();
            var version = await browser.SendAsync("Browser.getVersion");
            browser.Version = version.GetProperty("product").GetString() ?? string.Empty;
            return browser;
        }
        catch (Exception e) when (e is not PeerMissingException)
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            profile.Delete(recursive: true);
            throw new InvalidOperationException($"Chromium did not start: {e.Message} Stderr: {stderr}", e);
        }
    }

    /// <summary>Opens a new tab on <paramref name="url"/> and returns it once the page has loaded.</summary>
    public async Task<ChromiumPage> OpenAsync(Uri url)
    {
        var target = await SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" });
        var targetId = target.GetProperty("targetId").GetString()!;
        var attached = await SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = targetId, ["flatten"] = true });
        var page = new ChromiumPage(this, targetId, attached.GetProperty("sessionId").GetString()!);

        // Page.navigate answers once the navigation committed; then wait for the load event in the page.
        var navigated = await page.SendAsync("Page.navigate", new JsonObject { ["url"] = url.ToString() });
        if (navigated.TryGetProperty("errorText", out var error))
        {
            throw new InvalidOperationException($"Chromium could not open {url}: {error.GetString()}");
        }

        await page.EvaluateAsync("document.readyState === 'complete' || new Promise(r => addEventListener('load', () => r(true)))");
        return page;
    }

    /// <summary>Sends one DevTools command (to a page when <paramref name="sessionId"/> is set) and returns its result.</summary>
    public async Task<JsonElement> SendAsync(string method, JsonObject? parameters = null, string? sessionId = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var command = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? [] };
        if (sessionId is not null)
        {
            command["sessionId"] = sessionId;
        }

        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        await _sendLock.WaitAsync();
        try
        {
            await _devtools.SendAsync(Encoding.UTF8.GetBytes(command.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }

        var response = await answer.Task.WaitAsync(Guard.HangTimeout);
        if (response.TryGetProperty("error", out var error))
        {
            throw new InvalidOperationException($"DevTools {method} failed: {error.GetRawText()}");
        }

        return response.GetProperty("result");
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await _devtools.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var root = JsonDocument.Parse(message.ToArray()).RootElement.Clone();
                message.SetLength(0);

                // Events (no id) are not needed: every script reports through its own result.
                if (root.TryGetProperty("id", out var id) && _pending.TryRemove(id.GetInt32(), out var answer))
                {
                    answer.TrySetResult(root);
                }
            }
        }
        catch (WebSocketException)
        {
            // The browser went away; pending commands fail below.
        }

        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(new InvalidOperationException($"Chromium closed the DevTools connection. Stderr: {Stderr}"));
        }
    }

    private async Task PumpStderrAsync()
    {
        while (await _process.StandardError.ReadLineAsync() is { } line)
        {
            lock (_stderr)
            {
                _stderr.AppendLine(line);
            }
        }
    }

    /// <summary>Gets what the browser printed on stderr (for failure messages).</summary>
    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await SendAsync("Browser.close").WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or WebSocketException)
        {
            // Killed below.
        }

        using (var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _devtools.Dispose();
        await _receiveLoop;
        _process.Dispose();
        _sendLock.Dispose();
        try
        {
            _profile.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A helper process may still hold a file for a moment; the folder is in the temp directory.
        }
    }
}

/// <summary>One tab of <see cref="ChromiumBrowser"/>.</summary>
public sealed class ChromiumPage(ChromiumBrowser browser, string targetId, string sessionId) : IAsyncDisposable
{
    private static readonly Lazy<string> Prelude = new(() =>
    {
        using var stream = typeof(ChromiumPage).Assembly.GetManifestResourceStream("prelude.js")
            ?? throw new InvalidOperationException("The embedded prelude.js is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    private bool _preludeLoaded;

    public Task<JsonElement> SendAsync(string method, JsonObject? parameters = null) =>
        browser.SendAsync(method, parameters, sessionId);

    /// <summary>
    /// Evaluates <paramref name="expression"/> in the page (the helpers of prelude.js loaded first), awaits
    /// the promise it returns, and returns its value as JSON. A script that throws fails the test with the
    /// browser's description of the exception.
    /// </summary>
    public async Task<JsonElement> EvaluateAsync(string expression)
    {
        if (!_preludeLoaded)
        {
            _preludeLoaded = true;
            await EvaluateAsync(Prelude.Value);
        }

        var result = await SendAsync("Runtime.evaluate", new JsonObject
        {
            ["expression"] = expression,
            ["awaitPromise"] = true,
            ["returnByValue"] = true,
        });
        if (result.TryGetProperty("exceptionDetails", out var exception))
        {
            var description = exception.TryGetProperty("exception", out var e) && e.TryGetProperty("description", out var d)
                ? d.GetString()
                : exception.GetRawText();
            throw new InvalidOperationException($"The script threw: {description}\nScript: {expression}");
        }

        var value = result.GetProperty("result");
        return value.TryGetProperty("value", out var v) ? v : default;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await browser.SendAsync("Target.closeTarget", new JsonObject { ["targetId"] = targetId });
        }
        catch (InvalidOperationException)
        {
            // The browser is gone already.
        }
    }
}

/// <summary>
/// One headless Chromium for all the browser tests of the assembly, started on first use (so a skipped
/// test never starts it, and in CI a missing Chromium fails the test that asked for it).
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    private readonly object _gate = new();
    private Task<ChromiumBrowser>? _browser;

    public Task<ChromiumBrowser> GetAsync()
    {
        lock (_gate)
        {
            if (_browser is null || _browser.IsFaulted)
            {
                _browser = ChromiumBrowser.StartAsync();
            }

            return _browser;
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_browser is { IsCompletedSuccessfully: true } started)
        {
            await started.Result.DisposeAsync();
        }
    }
}
