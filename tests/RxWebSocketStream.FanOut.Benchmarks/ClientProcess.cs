using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace RxWebSocketStream.FanOut.Benchmarks;

/// <summary>
/// The clients, in a process of their own so that the server process's allocation counter sees the server
/// only. Each client counts what it receives into <see cref="SharedCounters"/> and samples the delivery
/// latency (the payload starts with the broadcaster's <see cref="Stopwatch.GetTimestamp"/>, a monotonic clock
/// shared by both processes). Prints <c>ready</c> once every client is connected, and the latency
/// percentiles once the driver sets the stop flag.
/// </summary>
internal static class ClientProcess
{
    private const int SampleEvery = 8;

    public static async Task<int> RunAsync(string kind, string countersPath, int clients, IReadOnlyList<Uri> urls)
    {
        using var counters = new SharedCounters(countersPath, clients, create: false);
        var samples = new List<long>[clients];
        var received = new long[clients];
        var closers = new List<Func<Task>>();
        for (var i = 0; i < clients; i++)
        {
            var client = i;
            samples[client] = new List<long>(4096);
            void OnPayload(ReadOnlySpan<byte> payload)
            {
                var count = ++received[client];
                counters.SetReceived(client, count);
                if (count % SampleEvery == 0)
                {
                    samples[client].Add(Stopwatch.GetTimestamp() - BitConverter.ToInt64(payload));
                }
            }

            closers.Add(await ConnectAsync(kind, urls[i % urls.Count], OnPayload));
        }

        Console.WriteLine("ready");
        // The server process closes our standard input when the measurement is over (or when it dies): end of input
        // is the stop signal, awaited rather than polled.
        await Console.OpenStandardInput().CopyToAsync(Stream.Null);

        // Each list is written by its client's receive callbacks, which are serialized per client; the
        // sampled counts are read after the stop, so a few late samples may be missing: harmless.
        var all = samples.SelectMany(s => s.ToArray()).Order().ToArray();
        double Percentile(double p) => all.Length == 0 ? double.NaN : all[(int)Math.Min(all.Length - 1, p * all.Length)] * 1e6 / Stopwatch.Frequency;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"latency {Percentile(0.50):F0} {Percentile(0.99):F0} {all.Length}"));
        await Task.WhenAll(closers.Select(close => close()));
        return 0;
    }

    private static async Task<Func<Task>> ConnectAsync(string kind, Uri url, ReceivedPayload onPayload)
    {
        if (kind == "rxws")
        {
            var connection = WebSocketConnection.Connect(url);
            await connection.Opened;
            connection.Subscribe(m => onPayload(m.Data.Span));
            return async () =>
            {
                connection.Close();
                try
                {
                    await connection.Closed.WaitAsync(TimeSpan.FromSeconds(5));
                }
                catch (Exception)
                {
                    // The server may be gone first; the numbers are already out.
                }
            };
        }

        var builder = new HubConnectionBuilder().WithUrl(url, HttpTransportType.WebSockets, o => o.SkipNegotiation = true);
        if (kind == "signalr-msgpack")
        {
            builder.AddMessagePackProtocol();
        }

        var hub = builder.Build();
        hub.On<byte[]>("m", payload => onPayload(payload));
        await hub.StartAsync();
        return () => hub.DisposeAsync().AsTask();
    }

    private delegate void ReceivedPayload(ReadOnlySpan<byte> payload);
}
