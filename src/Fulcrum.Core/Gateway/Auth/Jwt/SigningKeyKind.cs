namespace Fulcrum.Gateway.Auth.Jwt;

/// <summary>The families of signing keys, each with its own algorithms (<see cref="SigningAlgorithms"/>).</summary>
internal enum SigningKeyKind
{
    Unknown,
    Rsa,
    EllipticCurve,
    Hmac,
}
