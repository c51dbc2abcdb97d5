namespace RxWebSocketStream.Testing.Differential.Api;

/// <summary>
/// Microsoft.Reactive.Testing's public surface, read from the restored 3.1.1 assembly, is all present in this
/// kit with the same signatures (parameter names included, so named arguments port too), plus the six comparer
/// overloads that Rx.NET 6 added to <c>ReactiveAssert</c>.
/// </summary>
public sealed class ApiSurfaceTest
{
    /// <summary>Members of Rx.NET 6's Microsoft.Reactive.Testing that 3.1.1 lacks (from Rx.NET's API approval file).</summary>
    public static readonly IReadOnlyList<string> AddedAfter311 =
    [
        "ReactiveAssert: public static Void AreElementsEqual<T>(IEnumerable<T> expected, IEnumerable<T> actual, IEqualityComparer<T> comparer)",
        "ReactiveAssert: public static Void AreElementsEqual<T>(IEnumerable<T> expected, IEnumerable<T> actual, IEqualityComparer<T> comparer, String message)",
        "ReactiveAssert: public static Void AreElementsEqual<T>(IObservable<T> expected, IObservable<T> actual, IEqualityComparer<T> comparer)",
        "ReactiveAssert: public static Void AreElementsEqual<T>(IObservable<T> expected, IObservable<T> actual, IEqualityComparer<T> comparer, String message)",
        "ReactiveAssert: public static Void AssertEqual<T>(this IEnumerable<T> actual, IEnumerable<T> expected, IEqualityComparer<T> comparer)",
        "ReactiveAssert: public static Void AssertEqual<T>(this IObservable<T> actual, IObservable<T> expected, IEqualityComparer<T> comparer)",
    ];

    /// <summary>Every public and protected member of Microsoft.Reactive.Testing 3.1.1, as <see cref="ApiSignature"/> writes it.</summary>
    public static IReadOnlyList<string> Microsoft { get; } =
        ApiSignature.Of(typeof(global::Microsoft.Reactive.Testing.TestScheduler).Assembly, "Microsoft.Reactive.Testing");

    private static IReadOnlyList<string> Ours { get; } = ApiSignature.Of(typeof(TestScheduler).Assembly, "RxWebSocketStream.Testing");

    [Fact]
    public void MicrosoftSurface_IsReadFromTheRestoredAssembly()
    {
        Assert.Equal("3.0.3000.0", typeof(global::Microsoft.Reactive.Testing.TestScheduler).Assembly.GetName().Version!.ToString());
        Assert.Equal(66, Microsoft.Count);
    }

    [Fact]
    public void EveryMicrosoftMember_HasTheSameSignatureHere()
    {
        var missing = Microsoft.Concat(AddedAfter311).Except(Ours, StringComparer.Ordinal).ToList();

        Assert.True(missing.Count == 0, "Members of Microsoft.Reactive.Testing missing here:\n" + string.Join("\n", missing));
    }
}
