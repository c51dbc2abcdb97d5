using System.Diagnostics;
using System.Globalization;

namespace RxWebSocketStream.FanOut.Benchmarks;

/// <summary>What one run of one target measured.</summary>
internal sealed record ScenarioResult(
    string Target,
    int Clients,
    int Size,
    double DeliveredPerSecond,
    double LatencyP50Micros,
    double LatencyP99Micros,
    double ServerBytesPerDelivery,
    double ServerBytesPerConnection,
    double ServerCpuPercent,
    double ClientCpuPercent,
    long Dropped);

/// <summary>
/// One run: start the target, start the clients' process and wait until all are connected (that growth of
/// the server's managed heap, per connection, is the memory per connection), warm up, then broadcast for a
/// fixed time as fast as the slowest client allows: message <c>i</c> goes out only when every client has
/// received message <c>i - Window</c>. The window is well under the fan-out queue capacity (1,024), so the
/// library never drops (and SignalR, whose sends wait for every connection's pipe, is paced the same way).
/// </summary>
internal static class Scenario
{
    private const int Window = 256;

    public static async Task<ScenarioResult> RunAsync(string targetName, int clients, int size, TimeSpan duration)
    {
        await using var target = Targets.Create(targetName);
        await target.StartAsync();
        var countersPath = Path.Combine(Path.GetTempPath(), $"rxws-fanout-{Environment.ProcessId}-{Guid.NewGuid():N}.bin");
        using var counters = new SharedCounters(countersPath, clients, create: true);
        try
        {
            var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
            using var clientProcess = StartClients(target, countersPath, clients);
            if (await clientProcess.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(3)) != "ready")
            {
                throw new InvalidOperationException($"The client process of {targetName} did not get ready: {await clientProcess.StandardError.ReadToEndAsync()}");
            }

            var heapAfter = GC.GetTotalMemory(forceFullCollection: true);

            var sent = await BroadcastAsync(target, counters, size, sent: 0, TimeSpan.FromSeconds(1), slowestSoFar: 0);

            var self = Process.GetCurrentProcess();
            var serverCpu0 = self.TotalProcessorTime;
            clientProcess.Refresh();
            var clientCpu0 = clientProcess.TotalProcessorTime;
            var allocated0 = GC.GetTotalAllocatedBytes(precise: true);
            var delivered0 = counters.Total();
            var clock = Stopwatch.StartNew();

            await BroadcastAsync(target, counters, size, sent, duration, slowestSoFar: 0);

            var elapsed = clock.Elapsed;
            var delivered = counters.Total() - delivered0;
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated0;
            self.Refresh();
            clientProcess.Refresh();
            var serverCpu = (self.TotalProcessorTime - serverCpu0) / elapsed * 100;
            var clientCpu = (clientProcess.TotalProcessorTime - clientCpu0) / elapsed * 100;

            clientProcess.StandardInput.Close(); // the stop signal: end of the client process's input
            var latency = (await clientProcess.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1)))!.Split(' ');
            await clientProcess.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));

            return new ScenarioResult(
                targetName,
                clients,
                size,
                delivered / elapsed.TotalSeconds,
                double.Parse(latency[1], CultureInfo.InvariantCulture),
                double.Parse(latency[2], CultureInfo.InvariantCulture),
                (double)allocated / Math.Max(1, delivered),
                (double)(heapAfter - heapBefore) / clients,
                serverCpu,
                clientCpu,
                (target as RxwsTarget)?.Dropped ?? (target as RxwsRedisTarget)?.Dropped ?? 0);
        }
        finally
        {
            File.Delete(countersPath);
        }
    }

    /// <summary>Broadcasts for <paramref name="duration"/>, paced by the slowest client; returns how many were sent in all.</summary>
    private static async Task<long> BroadcastAsync(IFanOutTarget target, SharedCounters counters, int size, long sent, TimeSpan duration, long slowestSoFar)
    {
        var slowest = slowestSoFar;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            // Checked every 64 messages only: reading N counters per message would cost the server more than the send.
            for (var burst = 0; burst < 64; burst++)
            {
                var spin = new SpinWait();
                while (sent - slowest >= Window)
                {
                    slowest = counters.Min();
                    if (sent - slowest >= Window)
                    {
                        spin.SpinOnce();
                    }
                }

                var payload = new byte[size];
                BitConverter.TryWriteBytes(payload, Stopwatch.GetTimestamp());
                await target.BroadcastAsync(payload);
                sent++;
            }
        }

        return sent;
    }

    private static Process StartClients(IFanOutTarget target, string countersPath, int clients)
    {
        var exe = Environment.ProcessPath!;
        var start = new ProcessStartInfo(exe)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(exe) == "dotnet")
        {
            start.ArgumentList.Add(typeof(Scenario).Assembly.Location);
        }

        foreach (var arg in new[] { "--client-process", target.ClientKind, countersPath, clients.ToString(CultureInfo.InvariantCulture), string.Join(',', target.ClientUrls) })
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }
}
