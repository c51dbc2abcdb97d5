namespace RxWebSocketStream.Tests.Reliability;

/// <summary>
/// Tests that measure the whole process (memory, descriptors, threads) and so must not share it with
/// other tests: xunit runs a collection that disables parallelization after all the others, by itself.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAloneCollection
{
    public const string Name = "Runs alone";
}
