using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Fulcrum.FunctionalTests.Infrastructure;
using Fulcrum.Tests.Common;

namespace Fulcrum.FunctionalTests.Forwarding;

/// <summary>
/// A destination that never completes the TCP handshake is given up on after the cluster's <c>connectTimeout</c>,
/// not the operating system's minutes; the failure is the destination's, so another destination may serve.
/// </summary>
public sealed class ConnectTimeoutTests
{
    [Fact]
    public async Task Get_DestinationNeverAccepts_GivenUpAfterConnectTimeout()
    {
        using var hole = await BlackHole.OpenAsync();
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              all: { cluster: hole }
            clusters:
              hole:
                http: { connectTimeout: 300ms }
                destinations: { d1: { address: "http://{{hole.EndPoint}}" } }
            """);

        var clock = Stopwatch.StartNew();
        using var response = await gateway.Client.GetAsync(gateway.Url() + "/x");
        var elapsed = clock.Elapsed;

        // nginx answers a connect timeout with 504 too: the upstream did not answer in time.
        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(250), $"answered after {elapsed.TotalMilliseconds:0} ms, before the connect timeout");
        Assert.True(elapsed < TimeSpan.FromSeconds(2.5), $"took {elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task Get_FirstDestinationNeverAccepts_RetriedOnAnother()
    {
        using var hole = await BlackHole.OpenAsync();
        await using var backend = await TestBackend.StartAsync("good");
        await using var gateway = await TestGateway.StartAsync($$"""
            listeners:
              web: { protocol: http, address: 127.0.0.1:0 }
            routes:
              all: { cluster: pool }
            clusters:
              pool:
                loadBalancing: { policy: first }
                retries: { attempts: 1 }
                http: { connectTimeout: 300ms }
                destinations:
                  a-hole: { address: "http://{{hole.EndPoint}}" }
                  b-good: { address: "{{backend.Address}}" }
            """);

        using var response = await gateway.Client.GetAsync(gateway.Url() + "/x");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("good", (await response.Content.ReadFromJsonAsync<BackendAnswer>())!.Backend);
    }

    /// <summary>
    /// A listening socket whose accept queue is full and never drained: the kernel drops further SYNs, so a
    /// connect to it hangs, as to a firewalled or dead host, yet nothing leaves the machine.
    /// </summary>
    private sealed class BlackHole : IDisposable
    {
        private readonly Socket _listener;
        private readonly List<Socket> _fillers = [];

        private BlackHole(Socket listener) => _listener = listener;

        public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndPoint!;

        public static async Task<BlackHole> OpenAsync()
        {
            var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(0);
            var hole = new BlackHole(listener);

            // Connect until one connect does not complete: from then on the queue is full.
            for (var i = 0; i < 64; i++)
            {
                var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                hole._fillers.Add(filler);
                using var attempt = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
                try
                {
                    await filler.ConnectAsync(hole.EndPoint, attempt.Token);
                }
                catch (OperationCanceledException)
                {
                    return hole;
                }
            }

            hole.Dispose();
            throw new InvalidOperationException("the accept queue never filled; cannot make a destination that hangs");
        }

        public void Dispose()
        {
            foreach (var filler in _fillers)
            {
                filler.Dispose();
            }

            _listener.Dispose();
        }
    }
}
