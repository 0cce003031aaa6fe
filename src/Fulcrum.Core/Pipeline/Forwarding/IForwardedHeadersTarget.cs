namespace Fulcrum.Pipeline.Forwarding;

/// <summary>
/// Where <see cref="ForwardedHeaders"/> writes: YARP's <c>HttpRequestMessage</c> headers or the lean HTTP/1.1
/// request head, so both upstream paths send the same X-Forwarded-* from one implementation. Implemented by structs
/// and used as a generic constraint, so the per-request call is not boxed.
/// </summary>
internal interface IForwardedHeadersTarget
{
    /// <summary>The client's header of that name must not be forwarded.</summary>
    void Remove(string name);

    /// <summary>Sends the header with this value (after <see cref="Remove"/> of the same name).</summary>
    void Add(string name, string value);
}
