using System.Net;
using System.Net.Sockets;

namespace Fulcrum.Tests.Common;

/// <summary>Ports on 127.0.0.1 for tests that must name one before anything binds it.</summary>
public static class LoopbackPorts
{
    /// <summary>
    /// A port nothing listens on now: a connect to it is refused until someone binds it. The kernel does not hand an
    /// ephemeral port out again at once, so binding it a moment later works (a race no test has lost yet).
    /// </summary>
    public static int Unused()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
