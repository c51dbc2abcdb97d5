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

    [Fact]
    public async Task Bench_QuickJsonReceive_OneContractLinePerVariantAndSize()
    {
        var (exitCode, tool) = await InProcessTool.RunAsync("bench", "--quick", "--json", "receive", "--messages", "50", "--rounds", "1", "--warmup", "0");

        Assert.Equal(0, exitCode);
        var lines = await tool.Output.RestAsync();
        Assert.Equal(
            ["subscribe 32", "read_all 32", "subscribe 1024", "read_all 1024", "subscribe 65536", "read_all 65536"],
            lines.Select(static line =>
            {
                var json = Json.Parse(line);
                Assert.Equal(ReceiveFields, json.EnumerateObject().Select(static p => p.Name));
                Assert.Equal("receive", json.GetProperty("scenario").GetString());
                foreach (var rate in new[] { "baseline_per_s", "library_per_s", "ratio" })
                {
                    Assert.Equal(JsonValueKind.Number, json.GetProperty(rate).ValueKind);
                    Assert.True(json.GetProperty(rate).GetDouble() > 0, $"{rate} should be positive: {line}");
                }

                Assert.Equal(JsonValueKind.Number, json.GetProperty("alloc_bytes_per_msg").ValueKind);
                return $"{json.GetProperty("variant").GetString()} {json.GetProperty("size").GetInt32()}";
            }));
        Assert.Empty(await tool.Error.RestAsync());
    }

    [Fact]
    public async Task Bench_JsonMarbles_OneLineForTheRepositorysSuite()
    {
        var marbles = Path.Combine(RepositoryRoot(), "marbles");
        var files = Directory.GetFiles(marbles, "*.marble", SearchOption.AllDirectories).Length;

        var (exitCode, tool) = await InProcessTool.RunAsync("bench", "--json", "marbles", "--marbles", marbles, "--rounds", "1");

        Assert.Equal(0, exitCode);
        var json = Json.Parse(Assert.Single(await tool.Output.RestAsync()));
        Assert.Equal(["scenario", "variant", "scenarios", "passes", "scenarios_per_s", "pass_ms", "first_pass_ms"], json.EnumerateObject().Select(static p => p.Name));
        Assert.Equal("marbles", json.GetProperty("scenario").GetString());
        Assert.Equal(files, json.GetProperty("scenarios").GetInt32());
        Assert.Equal(1, json.GetProperty("passes").GetInt32());
    }

    [Theory]
    [InlineData("bench", "nosuch")]
    [InlineData("bench", "--quick", "--full")]
    [InlineData("bench", "--messages", "0")]
    [InlineData("bench", "marbles", "--marbles", "/no/such/folder")]
    public async Task Bench_BadArguments_UsageErrorOnOneLine_NothingMeasured(params string[] args)
    {
        var (exitCode, tool) = await InProcessTool.RunAsync(args);

        Assert.Equal(2, exitCode);
        Assert.Empty(await tool.Output.RestAsync());
        Assert.Single(await tool.Error.RestAsync());
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RxWebSocketStream.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No RxWebSocketStream.sln above {AppContext.BaseDirectory}.");
    }
}
