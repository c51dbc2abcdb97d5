using System.Text.Json;
using Rxws.Tests.Infrastructure;

namespace Rxws.Tests;

/// <summary>
/// <c>rxws bench</c> starts and speaks the JSON contract of issue 5. One tiny run only: no benchmark is
/// measured in the test suite (the hidden --messages/--rounds/--warmup shrink it to a fraction of a second).
/// </summary>
public sealed class BenchTests
{
    private static readonly string[] ReceiveFields = ["scenario", "variant", "size", "baseline_per_s", "library_per_s", "ratio", "alloc_bytes_per_msg"];

    // The library's own variants are also compared with the raw loop that copies each message (raw_copy).
    private static readonly string[] LibraryReceiveFields = [.. ReceiveFields, "ratio_raw_copy"];

    [Fact]
    public async Task Bench_QuickJsonReceive_OneContractLinePerVariantAndSize()
    {
        var (exitCode, tool) = await InProcessTool.RunAsync("bench", "--quick", "--json", "receive", "--messages", "50", "--rounds", "1", "--warmup", "0");

        Assert.Equal(0, exitCode);
        var lines = await tool.Output.RestAsync();
        Assert.Equal(
            [
                "raw_copy 32", "subscribe 32", "read_all 32", "websocket_client 32",
                "raw_copy 1024", "subscribe 1024", "read_all 1024", "websocket_client 1024",
                "raw_copy 65536", "subscribe 65536", "read_all 65536", "websocket_client 65536",
            ],
            lines.Select(static line =>
            {
                var json = Json.Parse(line);
                var library = json.GetProperty("variant").GetString() is "subscribe" or "read_all";
                Assert.Equal(library ? LibraryReceiveFields : ReceiveFields, json.EnumerateObject().Select(static p => p.Name));
                Assert.Equal("receive", json.GetProperty("scenario").GetString());
                foreach (var rate in library ? ["baseline_per_s", "library_per_s", "ratio", "ratio_raw_copy"] : new[] { "baseline_per_s", "library_per_s", "ratio" })
                {
                    Assert.Equal(JsonValueKind.Number, json.GetProperty(rate).ValueKind);
                    Assert.True(json.GetProperty(rate).GetDouble() > 0, $"{rate} should be positive: {line}");
                }

                Assert.Equal(JsonValueKind.Number, json.GetProperty("alloc_bytes_per_msg").ValueKind);
                return $"{json.GetProperty("variant").GetString()} {json.GetProperty("size").GetInt32()}";
            }));
        Assert.Empty(await tool.Error.RestAsync());
    }

    [Theory]
    [InlineData("bench", "nosuch")]
    [InlineData("bench", "--quick", "--full")]
    [InlineData("bench", "--messages", "0")]
    [InlineData("bench", "marbles")] // the marble suite's benchmark is in tests/RxWebSocketStream.Benchmarks: the tool ships no testing kit
    public async Task Bench_BadArguments_UsageErrorOnOneLine_NothingMeasured(params string[] args)
    {
        var (exitCode, tool) = await InProcessTool.RunAsync(args);

        Assert.Equal(2, exitCode);
        Assert.Empty(await tool.Output.RestAsync());
        Assert.Single(await tool.Error.RestAsync());
    }
}
