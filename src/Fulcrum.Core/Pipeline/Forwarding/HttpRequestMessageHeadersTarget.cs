using System.Net.Http.Headers;

namespace Fulcrum.Pipeline.Forwarding;

/// <summary>The YARP path's target for <see cref="ForwardedHeaders"/>: the outgoing message's headers.</summary>
internal readonly struct HttpRequestMessageHeadersTarget(HttpRequestHeaders headers) : IForwardedHeadersTarget
{
    public void Remove(string name) => headers.Remove(name);

    public void Add(string name, string value) => headers.TryAddWithoutValidation(name, value);
}
