using Microsoft.Extensions.Configuration;

namespace RxWebSocketStream.Hosting.Tests;

/// <summary>In-memory configuration: what a test writes here is all the configuration there is.</summary>
internal static class Configuration
{
    public static IConfigurationRoot From(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
