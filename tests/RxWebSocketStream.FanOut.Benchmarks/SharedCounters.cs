using System.IO.MemoryMappedFiles;

namespace RxWebSocketStream.FanOut.Benchmarks;

/// <summary>
/// One 64-bit count per client (messages received), in a file mapped by both processes: the client process
/// writes, the server process reads them to pace the broadcast by the slowest client and to count what was
/// delivered. The stop is not here: it comes over the client process's standard input, as an event, not a flag to poll.
/// </summary>
internal sealed class SharedCounters : IDisposable
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;

    public SharedCounters(string path, int clients, bool create)
    {
        Clients = clients;
        var bytes = clients * sizeof(long);
        _file = create
            ? MemoryMappedFile.CreateFromFile(path, FileMode.Create, mapName: null, bytes)
            : MemoryMappedFile.CreateFromFile(path, FileMode.Open, mapName: null, bytes);
        _view = _file.CreateViewAccessor(0, bytes);
    }

    public int Clients { get; }

    public long Received(int client) => _view.ReadInt64(client * sizeof(long));

    public void SetReceived(int client, long count) => _view.Write(client * sizeof(long), count);

    public long Total()
    {
        long total = 0;
        for (var i = 0; i < Clients; i++)
        {
            total += Received(i);
        }

        return total;
    }

    public long Min()
    {
        var min = long.MaxValue;
        for (var i = 0; i < Clients; i++)
        {
            min = Math.Min(min, Received(i));
        }

        return min;
    }

    public void Dispose()
    {
        _view.Dispose();
        _file.Dispose();
    }
}
