namespace Fulcrum.Demo;

/// <summary>The seeds' example: text ×2, image ×2 and voice ×1 model servers on loopback.</summary>
internal sealed class DemoBackends : IAsyncDisposable
{
    public static readonly (string Service, int Count)[] Layout = [("text", 2), ("image", 2), ("voice", 1)];

    private DemoBackends(IReadOnlyList<DemoBackend> backends) => Backends = backends;

    public IReadOnlyList<DemoBackend> Backends { get; }

    /// <summary>Starts them on consecutive ports from <paramref name="basePort"/>, or on free ports when it is 0.</summary>
    public static async Task<DemoBackends> StartAsync(int basePort, CancellationToken cancellationToken)
    {
        var backends = new List<DemoBackend>();
        var offset = 0;
        foreach (var (service, count) in Layout)
        {
            for (var i = 1; i <= count; i++)
            {
                var port = basePort == 0 ? 0 : basePort + offset;
                backends.Add(await DemoBackend.StartAsync(service, $"{service}-{i}", port, cancellationToken));
                offset++;
            }
        }

        return new DemoBackends(backends);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var backend in Backends)
        {
            await backend.DisposeAsync();
        }
    }
}
