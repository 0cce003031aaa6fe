namespace Fulcrum.Gateway.Auth.Jwt;

/// <summary>Why a request's token was refused (or <see cref="None"/>); each maps to one precomputed answer.</summary>
internal enum TokenProblem
{
    None,

    /// <summary>No token where the policy looks for one (400 is not used: RFC 6750 §3.1 asks for 401).</summary>
    Missing,

    /// <summary>The token is given twice (two Authorization headers): 400 invalid_request (RFC 6750 §3.1).</summary>
    Ambiguous,
    TooLarge,
    Malformed,

    /// <summary>Five segments: a JWE. Encrypted tokens are not accepted (nor decompressed: CVE-2024-21319).</summary>
    Encrypted,

    /// <summary><c>alg: none</c> in any case, or an empty signature.</summary>
    Unsigned,

    /// <summary>A <c>crit</c> header: it names extensions the gateway must understand (RFC 7515 §4.1.11), and it knows none.</summary>
    CriticalHeader,
    AlgorithmNotAllowed,
    UnknownKey,
    BadSignature,
    Expired,
    NotYetValid,
    NoExpiry,
    WrongIssuer,
    WrongAudience,

    /// <summary>Any other reason the library gave, or an unexpected failure.</summary>
    Invalid,

    /// <summary>Remote keys have never been fetched (the issuer was unreachable since start): 503, not the token's fault.</summary>
    KeysUnavailable,

    /// <summary>The token is valid but lacks a claim value that <c>requireClaims</c> asks for: 403.</summary>
    InsufficientClaims,
}
