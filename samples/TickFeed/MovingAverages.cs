using System.Reactive.Linq;

namespace TickFeed;

/// The client's whole computation, written as Rx operators over a plain <c>IObservable&lt;Tick&gt;</c> so it can be
/// tested without a network (see samples/MarbleTests).
public static class MovingAverages
{
    /// For each symbol, the average price of its last <paramref name="window"/> ticks, once it has that many.
    public static IObservable<SymbolAverage> Of(IObservable<Tick> ticks, int window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);

        return ticks
            .GroupBy(tick => tick.Symbol)
            .SelectMany(symbol => symbol
                .Buffer(window, 1)                           // a sliding window: a new buffer at every tick
                .Where(last => last.Count == window)         // Buffer flushes shorter windows when the feed ends
                .Select(last => new SymbolAverage(symbol.Key, last.Average(tick => tick.Price))));
    }
}
