using Yarp.ReverseProxy.Forwarder;

namespace Fulcrum.Pipeline.Http1;

/// <summary>What the lean HTTP/1.1 forwarder reports on failure, read by ProxyHandler as it reads YARP's.</summary>
internal sealed class Http1ForwarderError(ForwarderError error, Exception exception) : IForwarderErrorFeature
{
    public ForwarderError Error { get; } = error;

    public Exception Exception { get; } = exception;
}
