namespace Fulcrum.L4;

/// <summary>A parser's verdict on the first bytes of a connection (a PROXY header, a ClientHello).</summary>
internal interface IPrefixResult
{
    /// <summary>The bytes so far could still become valid: read more.</summary>
    bool IsIncomplete { get; }

    /// <summary>Bytes to consume from the input; 0 for a peek, which leaves them to be forwarded.</summary>
    int Consumed { get; }
}
