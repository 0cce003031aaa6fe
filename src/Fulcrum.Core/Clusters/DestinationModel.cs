using System.Net;

namespace Fulcrum.Clusters;

/// <summary>A destination as compiled from one config snapshot.</summary>
internal sealed class DestinationModel
{
    public DestinationModel(Uri address, int weight)
    {
        Address = address;
        Weight = weight;
        Prefix = address.GetLeftPart(UriPartial.Path).TrimEnd('/');
        var host = address.DnsSafeHost;
        EndPoint = IPAddress.TryParse(host, out var ip) ? new IPEndPoint(ip, address.Port) : new DnsEndPoint(host, address.Port);
        DisplayAddress = address.ToString();
        IsCleartextHttp = address.Scheme == Uri.UriSchemeHttp;
        Authority = address.Authority;
        PathPrefix = address.AbsolutePath.TrimEnd('/');
    }

    /// <summary>
    /// A tcp or udp destination. It is kept as an <c>http://host:port</c> address too, so that an HTTP health probe
    /// of a tcp cluster (a service with an HTTP health endpoint on its port) needs no second code path.
    /// </summary>
    public static DestinationModel ForLayer4(string host, int port, int weight)
    {
        var authority = host.Contains(':') ? $"[{host}]:{port}" : $"{host}:{port}";
        return new DestinationModel(new Uri("http://" + authority), weight) { DisplayAddress = authority };
    }

    public Uri Address { get; }

    /// <summary>The address without a trailing slash, ready to be passed to the forwarder.</summary>
    public string Prefix { get; }

    /// <summary>Where a tcp or udp connection goes: an <see cref="IPEndPoint"/>, or a <see cref="DnsEndPoint"/> resolved per connect.</summary>
    public EndPoint EndPoint { get; }

    /// <summary>The address as the config wrote it, for the admin API.</summary>
    public string DisplayAddress { get; private init; }

    public int Weight { get; }

    /// <summary>An http:// destination, which the lean HTTP/1.1 path may serve (https:// stays on YARP).</summary>
    public bool IsCleartextHttp { get; }

    /// <summary>host[:port] as the Host header names the destination when the client's Host is not kept.</summary>
    public string Authority { get; }

    /// <summary>The address's path without a trailing slash ("" for none), put before every request path.</summary>
    public string PathPrefix { get; }

    /// <summary>
    /// Its cluster's lean HTTP/1.1 connection settings in this snapshot (null when the cluster is not on the lean path):
    /// what the destination's pool follows, with <see cref="EndPoint"/>, as the state's current model.
    /// </summary>
    public Pipeline.Http1.Http1PoolSettings? Http1 { get; init; }
}
